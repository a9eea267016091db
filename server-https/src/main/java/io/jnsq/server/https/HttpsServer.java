package io.jnsq.server.https;

import io.jnsq.protocol.tls.ClientAuthPolicy;
import io.jnsq.protocol.tls.TlsSettings;

import io.jnsq.server.http.HttpPipeline;
import io.jnsq.server.http.HttpServerConfig;
import io.jnsq.server.http.ListeningSocket;
import io.jnsq.server.http.Listener;
import io.netty.channel.Channel;
import io.netty.handler.ssl.SslContext;

import javax.net.ssl.SSLException;
import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * nsqd's HTTPS listener (port 4152): bind, an {@code SslHandler} first, then the very same
 * {@link HttpPipeline#configure} the plain listener uses, with {@link Listener#TLS}. The routes, their
 * answers and their checks are therefore identical on both listeners.
 */
public final class HttpsServer implements AutoCloseable {

    /** The pipeline name of the TLS handler, in front of server-http's handlers. */
    public static final String TLS_HANDLER = "tls";

    private final HttpsServerConfig config;
    private final HttpPipeline pipeline;
    private ListeningSocket socket;
    private boolean closed;

    public HttpsServer(HttpsServerConfig config, HttpPipeline pipeline) {
        this.config = Objects.requireNonNull(config, "config");
        this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
    }

    /**
     * Loads the certificate and key, binds and starts accepting.
     *
     * @throws IllegalStateException when the TLS files cannot be used, when already started or closed, or
     *                               when the address cannot be bound
     */
    public synchronized void start() throws InterruptedException {
        if (closed || socket != null) {
            throw new IllegalStateException("HTTPS listener " + (closed ? "is closed" : "already started"));
        }
        SslContext tls;
        try {
            tls = config.tls().newServerContext();
        } catch (SSLException | IllegalArgumentException e) {
            throw new IllegalStateException("HTTPS: cannot use TLS certificate " + config.tls().certFile()
                    + " and key " + config.tls().keyFile() + ": " + e.getMessage(), e);
        }
        socket = new ListeningSocket("HTTPS", new HttpServerConfig(config.address(), config.forceNio()),
                channel -> initialize(channel, tls));
        socket.start();
    }

    private void initialize(Channel channel, SslContext tls) {
        channel.pipeline().addLast(TLS_HANDLER, tls.newHandler(channel.alloc()));
        pipeline.configure(channel.pipeline(), Listener.TLS);
    }

    /** The address actually bound (port 0 resolved to the chosen port). */
    public synchronized InetSocketAddress boundAddress() {
        if (socket == null) {
            throw new IllegalStateException("HTTPS listener not started");
        }
        return socket.boundAddress();
    }

    /** Stops accepting and closes every connection. Calling it again does nothing. */
    @Override
    public synchronized void close() {
        closed = true;
        if (socket != null) {
            socket.close();
        }
    }
}
