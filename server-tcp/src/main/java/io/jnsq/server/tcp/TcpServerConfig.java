package io.jnsq.server.tcp;

import io.jnsq.protocol.transport.SocketAddresses;
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
        SocketAddresses.HostPort split = SocketAddresses.splitHostPort(hostPort);
        if (split.host().isEmpty()) {
            return new InetSocketAddress(split.port());
        }
        InetSocketAddress address = new InetSocketAddress(split.host(), split.port());
        if (address.isUnresolved()) {
            throw SocketAddresses.invalid(hostPort, "unknown host " + split.host());
        }
        return address;
    }

    /** The address as nsqd prints it: {@code 127.0.0.1:4150}, {@code [::1]:4150}. */
    public static String formatAddress(InetSocketAddress address) {
        return NetUtil.toSocketAddressString(address);
    }
}
