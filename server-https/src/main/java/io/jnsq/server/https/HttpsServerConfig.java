package io.jnsq.server.https;

import io.netty.handler.ssl.SslContext;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * Where the HTTPS listener binds, on what transport, with which TLS context. The launcher maps
 * {@code --https-address} onto it and builds the context once from the {@code --tls-*} options
 * ({@link io.jnsq.protocol.tls.TlsSettings#newServerContext()}), shared with the TCP protocols' TLS upgrade.
 *
 * @param address    the address to bind; port 0 lets the system choose
 * @param forceNio   use NIO even where epoll is available
 * @param sslContext a server context: certificate, key, client-certificate policy and protocol versions
 */
public record HttpsServerConfig(InetSocketAddress address, boolean forceNio, SslContext sslContext) {

    public HttpsServerConfig {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(sslContext, "sslContext");
        if (!sslContext.isServer()) {
            throw new IllegalArgumentException("HTTPS needs a server SslContext");
        }
    }
}
