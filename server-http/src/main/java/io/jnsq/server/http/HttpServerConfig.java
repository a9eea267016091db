package io.jnsq.server.http;

import java.util.Objects;
import java.net.InetSocketAddress;

/**
 * Where an HTTP (or HTTPS) listener binds and on what transport. Nothing about the broker: the launcher
 * maps {@code --http-address} onto it.
 *
 * @param address  the address to bind; port 0 lets the system choose
 * @param forceNio use NIO even where epoll is available
 */
public record HttpServerConfig(InetSocketAddress address, boolean forceNio) {

    public HttpServerConfig {
        Objects.requireNonNull(address, "address");
    }
}
