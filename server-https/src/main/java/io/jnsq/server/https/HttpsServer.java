package io.jnsq.server.https;

import io.jnsq.server.http.HttpPipeline;
import io.jnsq.server.http.HttpServerConfig;
import io.jnsq.server.http.ListeningSocket;
import io.jnsq.server.http.Listener;
import io.netty.channel.Channel;

import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * nsqd's HTTPS listener (port 4152): bind, an {@code SslHandler} first, then the very same
 * {@link HttpPipeline#configure} the plain listener uses, with {@link Listener#TLS}. The routes, their
 * answers and their checks are therefore identical on both listeners. Its route handlers run on threads
 * of its own ({@code jnsq-https-worker-N}), which {@link #close()} ends.
 */
public final class HttpsServer implements AutoCloseable {

    /** The pipeline name of the TLS handler, in front of server-http's handlers. */
    public static final String TLS_HANDLER = "tls";

    private final HttpsServerConfig config;
    private final ListeningSocket socket;

    public HttpsServer(HttpsServerConfig config, HttpPipeline pipeline) {
        this.config = Objects.requireNonNull(config, "config");
        Objects.requireNonNull(pipeline, "pipeline");
        this.socket = new ListeningSocket("HTTPS", new HttpServerConfig(config.address(), config.forceNio()),
                (channel, workers) -> initialize(channel, pipeline, workers));
    }

    /** Binds and starts answering. @throws IllegalStateException when already started or closed, or the address cannot be bound */
    public void start() throws InterruptedException {
        socket.start();
    }

    /** Binds without answering yet; see {@link ListeningSocket#bind()}. */
    public void bind() throws InterruptedException {
        socket.bind();
    }

    /** Answers the connections waiting since {@link #bind()}, and every later one. */
    public void startAccepting() {
        socket.startAccepting();
    }

    private void initialize(Channel channel, HttpPipeline pipeline, Executor workers) {
        channel.pipeline().addLast(TLS_HANDLER, config.sslContext().newHandler(channel.alloc()));
        pipeline.configure(channel.pipeline(), Listener.TLS, workers);
    }

    /** The address actually bound (port 0 resolved to the chosen port). */
    public InetSocketAddress boundAddress() {
        return socket.boundAddress();
    }

    /**
     * Stops accepting, lets running handlers answer (a few seconds at most), closes every connection and
     * ends the listener's threads. Calling it again does nothing.
     */
    @Override
    public void close() {
        socket.close();
    }
}
