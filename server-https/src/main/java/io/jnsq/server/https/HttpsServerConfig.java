package io.jnsq.server.https;

import io.jnsq.protocol.tls.ClientAuthPolicy;
import io.jnsq.protocol.tls.TlsSettings;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * Where the HTTPS listener binds, on what transport, with which TLS settings. The launcher maps
 * {@code --https-address} and the {@code --tls-*} options onto it.
 *
 * @param address  the address to bind; port 0 lets the system choose
 * @param forceNio use NIO even where epoll is available
 */
public record HttpsServerConfig(InetSocketAddress address, boolean forceNio, TlsSettings tls) {

    public HttpsServerConfig {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(tls, "tls");
    }
}
