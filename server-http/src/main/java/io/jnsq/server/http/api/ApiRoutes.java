package io.jnsq.server.http.api;

import io.jnsq.broker.Broker;
import io.netty.handler.codec.http.HttpMethod;

import java.util.ArrayList;
import java.util.List;

import static io.jnsq.server.http.api.BodyLimit.IGNORED;
import static io.jnsq.server.http.api.BodyLimit.MAX_BODY_SIZE;
import static io.jnsq.server.http.api.BodyLimit.MAX_MSG_SIZE;
import static io.jnsq.server.http.api.Execution.EVENT_LOOP;
import static io.jnsq.server.http.api.Execution.WORKER;
import static io.jnsq.server.http.api.ResponseFormat.PLAIN_TEXT;
import static io.jnsq.server.http.api.ResponseFormat.V1;
import static io.netty.handler.codec.http.HttpMethod.GET;
import static io.netty.handler.codec.http.HttpMethod.POST;
import static io.netty.handler.codec.http.HttpMethod.PUT;

/**
 * nsqd's HTTP API, one route per line: method, path, answer format, body limit, logging, where the
 * handler runs, handler. Only {@code /ping} runs on the event loop: it reads one volatile field, and
 * health checks must be answered even when every worker waits for the disk.
 */
public final class ApiRoutes {

    private static final boolean LOGGED = true;
    private static final boolean QUIET = false;

    private ApiRoutes() {
    }

    /**
     * nsqd's routes and {@code GET /metrics}. That one is quiet: a Prometheus server scrapes every few
     * seconds, and an INFO line per scrape would drown the log.
     */
    public static List<Route> table(Broker broker, ListeningPorts ports, NodeOptions options, MetricsSource metrics) {
        List<Route> routes = new ArrayList<>(table(broker, ports, options));
        routes.add(route(GET, "/metrics", PLAIN_TEXT, IGNORED, QUIET, WORKER, request -> metrics.scrape()));
        return List.copyOf(routes);
    }

    /** @param options what {@code /info} and {@code /config} read and {@code PUT /config/:opt} changes */
    public static List<Route> table(Broker broker, ListeningPorts ports, NodeOptions options) {
        PingHandler ping = new PingHandler(broker.health());
        InfoHandler info = new InfoHandler(broker, ports, options);
        PubHandler pub = new PubHandler(broker);
        StatsHandler stats = new StatsHandler(broker);
        TopicHandlers topic = new TopicHandlers(broker);
        ChannelHandlers channel = new ChannelHandlers(broker);
        ConfigHandler config = new ConfigHandler(options);
        DebugHandler debug = new DebugHandler(broker);
        return List.of(
                route(GET, "/ping", PLAIN_TEXT, IGNORED, LOGGED, EVENT_LOOP, ping::ping),
                route(GET, "/info", V1, IGNORED, LOGGED, WORKER, info::info),
                route(POST, "/pub", V1, MAX_MSG_SIZE, QUIET, WORKER, pub::pub),
                route(POST, "/mpub", V1, MAX_BODY_SIZE, QUIET, WORKER, pub::mpub),
                route(GET, "/stats", V1, IGNORED, LOGGED, WORKER, stats::stats),

                route(POST, "/topic/create", V1, IGNORED, LOGGED, WORKER, topic::create),
                route(POST, "/topic/delete", V1, IGNORED, LOGGED, WORKER, topic::delete),
                route(POST, "/topic/empty", V1, IGNORED, LOGGED, WORKER, topic::empty),
                route(POST, "/topic/pause", V1, IGNORED, LOGGED, WORKER, topic::pause),
                route(POST, "/topic/unpause", V1, IGNORED, LOGGED, WORKER, topic::unpause),
                route(POST, "/channel/create", V1, IGNORED, LOGGED, WORKER, channel::create),
                route(POST, "/channel/delete", V1, IGNORED, LOGGED, WORKER, channel::delete),
                route(POST, "/channel/empty", V1, IGNORED, LOGGED, WORKER, channel::empty),
                route(POST, "/channel/pause", V1, IGNORED, LOGGED, WORKER, channel::pause),
                route(POST, "/channel/unpause", V1, IGNORED, LOGGED, WORKER, channel::unpause),
                route(POST, "/channel/deadletter", V1, IGNORED, LOGGED, WORKER, channel::deadLetter),
                route(GET, "/config/:opt", V1, IGNORED, LOGGED, WORKER, config::get),
                route(PUT, "/config/:opt", V1, MAX_MSG_SIZE, LOGGED, WORKER, config::put),

                route(GET, "/debug/pprof/", PLAIN_TEXT, IGNORED, QUIET, WORKER, debug::index),
                route(GET, "/debug/pprof/goroutine", PLAIN_TEXT, IGNORED, QUIET, WORKER, debug::threads),
                route(GET, "/debug/pprof/heap", PLAIN_TEXT, IGNORED, QUIET, WORKER, debug::heap),
                route(GET, "/debug/pprof/threadcreate", PLAIN_TEXT, IGNORED, QUIET, WORKER, debug::threadCounts),
                route(GET, "/debug/pprof/block", PLAIN_TEXT, IGNORED, QUIET, WORKER, debug::blocking),
                route(GET, "/debug/pprof/cmdline", PLAIN_TEXT, IGNORED, QUIET, WORKER, debug::commandLine),
                route(POST, "/debug/jfr/start", PLAIN_TEXT, IGNORED, LOGGED, WORKER, debug::startRecording),
                route(PUT, "/debug/setblockrate", PLAIN_TEXT, IGNORED, LOGGED, WORKER, debug::setBlockRate),
                route(POST, "/debug/freememory", PLAIN_TEXT, IGNORED, LOGGED, WORKER, debug::freeMemory));
    }

    private static Route route(HttpMethod method, String path, ResponseFormat format, BodyLimit body, boolean logged,
                               Execution execution, ApiHandler handler) {
        return new Route(method, path, format, body, logged, execution, handler);
    }
}
