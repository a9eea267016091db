package io.jnsq.server.http;

import io.jnsq.broker.Broker;
import io.jnsq.server.http.api.ApiRoutes;
import io.jnsq.server.http.api.ListeningPorts;
import io.jnsq.server.http.api.OptionsChangeListener;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpServerCodec;

import java.util.Objects;

/**
 * nsqd's HTTP API as a pipeline: the one thing both the HTTP and the HTTPS listener install (the
 * latter behind its {@code SslHandler}), so both serve exactly the same routes.
 */
public final class HttpPipeline {

    // Go allows 1 MiB of request line and headers together; nsqd's clients send far less
    private static final int MAX_INITIAL_LINE_LENGTH = 64 * 1024;
    private static final int MAX_HEADER_SIZE = 64 * 1024;
    private static final int MAX_CHUNK_SIZE = 64 * 1024;

    private final Broker broker;
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
        this.broker = Objects.requireNonNull(broker, "broker");
        this.ports = Objects.requireNonNull(ports, "ports");
        this.router = new Router(ApiRoutes.table(broker, ports, Objects.requireNonNull(onOptionsChange, "onOptionsChange")));
    }

    /** Adds the HTTP codec and the API handler (keep-alive, body limits, routing) at the end of {@code pipeline}. */
    public void configure(ChannelPipeline pipeline, Listener listener) {
        Objects.requireNonNull(listener, "listener");
        pipeline.addLast(HttpHandlerNames.CODEC, new HttpServerCodec(MAX_INITIAL_LINE_LENGTH, MAX_HEADER_SIZE, MAX_CHUNK_SIZE));
        pipeline.addLast(HttpHandlerNames.API, new ApiRequestHandler(router, broker::options, listener, ports));
    }
}
