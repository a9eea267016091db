package io.jnsq.protocol.transport;

import io.netty.util.NetUtil;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

/** Socket addresses as nsqd's flags spell them and its logs show them. */
public final class SocketAddresses {

    private SocketAddresses() {
    }

    /**
     * {@code 127.0.0.1:51234} or {@code [::1]:51234}: host and port as Go prints a {@code net.Addr}, without
     * the leading {@code /} (nor the host name before it) of {@link InetSocketAddress#toString()}. Any other
     * kind of address (a local or embedded channel's) prints as itself; {@code null} as {@code "null"}.
     */
    public static String format(SocketAddress address) {
        if (address instanceof InetSocketAddress inet) {
            return NetUtil.toSocketAddressString(inet);
        }
        return String.valueOf(address);
    }

    /**
     * Splits nsqd's {@code host:port} text as Go's {@code net.SplitHostPort} does: {@code 127.0.0.1:4150},
     * {@code [::1]:4150}, {@code localhost:4150}, {@code :4150} (empty host). Nothing is resolved.
     *
     * @throws IllegalArgumentException naming the text and what is wrong with it
     */
    public static HostPort splitHostPort(String text) {
        int colon = text.lastIndexOf(':');
        if (colon < 0) {
            throw invalid(text, "missing port");
        }
        String host = text.substring(0, colon);
        String port = text.substring(colon + 1);
        if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(c -> c >= '0' && c <= '9')
                || Integer.parseInt(port) > 65535) {
            throw invalid(text, "port must be a number in [0,65535]");
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.indexOf(':') >= 0 || host.indexOf('[') >= 0 || host.indexOf(']') >= 0) {
            throw invalid(text, "an IPv6 host must be in brackets, e.g. [::1]:4150");
        }
        return new HostPort(host, Integer.parseInt(port));
    }

    /** An exception naming the address text and the reason it is refused. */
    public static IllegalArgumentException invalid(String text, String reason) {
        return new IllegalArgumentException("invalid address \"" + text + "\": " + reason);
    }

    /** @param host without IPv6 brackets; empty for every interface */
    public record HostPort(String host, int port) {
    }
}
