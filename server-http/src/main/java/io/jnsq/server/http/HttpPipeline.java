package io.jnsq.server.http;

import io.jnsq.broker.Broker;
import io.jnsq.broker.config.BrokerConfig;
import io.jnsq.server.http.api.ApiRoutes;
import io.jnsq.server.http.api.ListeningPorts;
import io.jnsq.server.http.api.MetricsSource;
import io.jnsq.server.http.api.NodeOptions;
import io.jnsq.server.http.api.Route;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;

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

    private final BrokerConfig config;
    private final ListeningPorts ports;
    private final Router router;

    /**
     * nsqd's routes, without {@code /metrics}.
     *
     * @param ports   the node's real ports, read per request ({@code /info}, {@code TLS_REQUIRED})
     * @param options what {@code /info} and {@code /config} read and {@code PUT /config/:opt} changes
     */
    public HttpPipeline(Broker broker, ListeningPorts ports, NodeOptions options) {
        this(Objects.requireNonNull(broker, "broker").config(), ports,
                ApiRoutes.table(broker, Objects.requireNonNull(ports, "ports"), Objects.requireNonNull(options, "options")));
    }

    /**
     * nsqd's routes and {@code GET /metrics}.
     *
     * @param metrics answers {@code /metrics}, on a worker thread
     */
    public HttpPipeline(Broker broker, ListeningPorts ports, NodeOptions options, MetricsSource metrics) {
        this(Objects.requireNonNull(broker, "broker").config(), ports,
                ApiRoutes.table(broker, Objects.requireNonNull(ports, "ports"), Objects.requireNonNull(options, "options"),
                        Objects.requireNonNull(metrics, "metrics")));
    }

    /** Other routes than nsqd's: for tests of the pipeline itself. */
    HttpPipeline(BrokerConfig config, ListeningPorts ports, List<Route> routes) {
        this.config = Objects.requireNonNull(config, "config");
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
        pipeline.addLast(HttpHandlerNames.API, new ApiRequestHandler(router, config, listener, ports, workers));
    }
}
