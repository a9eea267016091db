package io.jnsq.server.http;

import io.jnsq.broker.Broker;
import io.jnsq.broker.Options;
import io.jnsq.server.http.api.ApiRoutes;
import io.jnsq.server.http.api.ListeningPorts;
import io.jnsq.server.http.api.MetricsSource;
import io.jnsq.server.http.api.OptionsChangeListener;
import io.jnsq.server.http.api.Route;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * nsqd's HTTP API as a pipeline: the one thing both the HTTP and the HTTPS listener install (the
 * latter behind its {@code SslHandler}), so both serve exactly the same routes.
 */
public final class HttpPipeline {

    // Go allows 1 MiB of request line and headers together; nsqd's clients send far less
    private static final int MAX_INITIAL_LINE_LENGTH = 64 * 1024;
    private static final int MAX_HEADER_SIZE = 64 * 1024;
    private static final int MAX_CHUNK_SIZE = 64 * 1024;
    /**
     * Requests decoded ahead of their answers: one being handled plus those pipelined behind it that one
     * read brought. Past it the codec closes the connection (Netty's default, made explicit).
     */
    static final int MAX_PIPELINE_DEPTH = 128;

    private final Supplier<Options> options;
    private final ListeningPorts ports;
    private final Router router;

    /**
     * @param ports           the node's real ports, read per request ({@code /info}, {@code TLS_REQUIRED})
     */
    public HttpPipeline(Broker broker, ListeningPorts ports) {
        this(broker, ports, OptionsChangeListener.NONE);
    }

    /**
     * @param ports           the node's real ports, read per request ({@code /info}, {@code TLS_REQUIRED})
     * @param onOptionsChange told of every runtime change {@code PUT /config/:opt} makes (e.g. to set the log level)
     */
    public HttpPipeline(Broker broker, ListeningPorts ports, OptionsChangeListener onOptionsChange) {
        this(Objects.requireNonNull(broker, "broker")::options, ports,
                ApiRoutes.table(broker, Objects.requireNonNull(ports, "ports"),
                        Objects.requireNonNull(onOptionsChange, "onOptionsChange")));
    }

    /**
     * nsqd's routes and {@code GET /metrics}.
     *
     * @param metrics answers {@code /metrics}, on a worker thread
     */
    public HttpPipeline(Broker broker, ListeningPorts ports, OptionsChangeListener onOptionsChange,
                        MetricsSource metrics) {
        this(Objects.requireNonNull(broker, "broker")::options, ports,
                ApiRoutes.table(broker, Objects.requireNonNull(ports, "ports"),
                        Objects.requireNonNull(onOptionsChange, "onOptionsChange"),
                        Objects.requireNonNull(metrics, "metrics")));
    }

    /** Other routes than nsqd's: for tests of the pipeline itself. */
    HttpPipeline(Supplier<Options> options, ListeningPorts ports, List<Route> routes) {
        this.options = Objects.requireNonNull(options, "options");
        this.ports = Objects.requireNonNull(ports, "ports");
        this.router = new Router(routes);
    }

    /**
     * Adds the HTTP codec and the API handler (keep-alive, body limits, routing) at the end of {@code pipeline}.
     *
     * @param workers where route handlers run, since they may wait (for the broker's commit) and an event
     *                loop never waits; it must refuse ({@link java.util.concurrent.RejectedExecutionException})
     *                rather than run a task on the caller, and the refused request is answered 503
     */
    public void configure(ChannelPipeline pipeline, Listener listener, Executor workers) {
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(workers, "workers");
        pipeline.addLast(HttpHandlerNames.CODEC, new HttpServerCodec(new HttpDecoderConfig()
                .setMaxInitialLineLength(MAX_INITIAL_LINE_LENGTH).setMaxHeaderSize(MAX_HEADER_SIZE).setMaxChunkSize(MAX_CHUNK_SIZE),
                MAX_PIPELINE_DEPTH));
        pipeline.addLast(HttpHandlerNames.API, new ApiRequestHandler(router, options, listener, ports, workers));
    }
}
