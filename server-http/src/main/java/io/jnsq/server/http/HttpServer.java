package io.jnsq.server.http;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * nsqd's HTTP listener (port 4151): bind, then {@link HttpPipeline#configure} with {@link Listener#PLAIN}
 * for every connection. Route handlers run on the listener's own threads ({@code jnsq-http-worker-N}),
 * never on its event loops; {@link #close()} ends both.
 */
public final class HttpServer implements AutoCloseable {

    private final ListeningSocket socket;

    public HttpServer(HttpServerConfig config, HttpPipeline pipeline) {
        Objects.requireNonNull(pipeline, "pipeline");
        this.socket = new ListeningSocket("HTTP", config,
                (channel, workers) -> pipeline.configure(channel.pipeline(), Listener.PLAIN, workers));
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
