package io.jnsq.server.tcp;

import io.netty.util.NetUtil;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * Where the TCP server listens and how. Deliberately nothing about the broker: the launcher maps
 * nsqd's {@code --tcp-address} onto this.
 *
 * @param address  the address to bind; port 0 lets the system choose
 * @param forceNio use NIO even where epoll is available
 */
public record TcpServerConfig(InetSocketAddress address, boolean forceNio) {

    public TcpServerConfig {
        Objects.requireNonNull(address, "address");
    }

    /**
     * Parses nsqd's {@code host:port} text: {@code 0.0.0.0:4150}, {@code 127.0.0.1:0},
     * {@code [::1]:4150}, {@code localhost:4150}, or {@code :4150} for every interface.
     *
     * @throws IllegalArgumentException naming the text when it is not {@code host:port}
     */
    public static InetSocketAddress parseAddress(String hostPort) {
        Objects.requireNonNull(hostPort, "hostPort");
        int colon = hostPort.lastIndexOf(':');
        if (colon < 0) {
            throw invalid(hostPort, "missing port");
        }
        String host = hostPort.substring(0, colon);
        int port = parsePort(hostPort, hostPort.substring(colon + 1));
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.indexOf(':') >= 0 || host.indexOf('[') >= 0 || host.indexOf(']') >= 0) {
            throw invalid(hostPort, "an IPv6 host must be in brackets, e.g. [::1]:4150");
        }
        if (host.isEmpty()) {
            return new InetSocketAddress(port);
        }
        InetSocketAddress address = new InetSocketAddress(host, port);
        if (address.isUnresolved()) {
            throw invalid(hostPort, "unknown host " + host);
        }
        return address;
    }

    /** The address as nsqd prints it: {@code 127.0.0.1:4150}, {@code [::1]:4150}. */
    public static String formatAddress(InetSocketAddress address) {
        return NetUtil.toSocketAddressString(address);
    }

    private static int parsePort(String hostPort, String port) {
        if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw invalid(hostPort, "port must be a number in [0,65535]");
        }
        int value = Integer.parseInt(port);
        if (value > 65535) {
            throw invalid(hostPort, "port must be a number in [0,65535]");
        }
        return value;
    }

    private static IllegalArgumentException invalid(String hostPort, String reason) {
        return new IllegalArgumentException("invalid address \"" + hostPort + "\": " + reason);
    }
}
