package io.jnsq.protocol.transport;

import io.netty.util.NetUtil;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

/** Socket addresses as nsqd's logs show them. */
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
}
