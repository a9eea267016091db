package io.jnsq.server.http.api;

import io.jnsq.broker.Broker;
import io.netty.handler.codec.http.HttpMethod;

import java.util.List;

import static io.jnsq.server.http.api.BodyLimit.IGNORED;
import static io.jnsq.server.http.api.BodyLimit.MAX_BODY_SIZE;
import static io.jnsq.server.http.api.BodyLimit.MAX_MSG_SIZE;
import static io.jnsq.server.http.api.ResponseFormat.PLAIN_TEXT;
import static io.jnsq.server.http.api.ResponseFormat.V1;
import static io.netty.handler.codec.http.HttpMethod.GET;
import static io.netty.handler.codec.http.HttpMethod.POST;
import static io.netty.handler.codec.http.HttpMethod.PUT;

/** nsqd's HTTP API, one route per line: method, path, answer format, body limit, handler. */
public final class ApiRoutes {

    private static final boolean LOGGED = true;
    private static final boolean QUIET = false;

    private ApiRoutes() {
    }

    public static List<Route> table(Broker broker, ListeningPorts ports) {
        return table(broker, ports, OptionsChangeListener.NONE);
    }

    /** @param onChange told of every change {@code PUT /config/:opt} makes */
    public static List<Route> table(Broker broker, ListeningPorts ports, OptionsChangeListener onChange) {
        PingHandler ping = new PingHandler(broker.health());
        InfoHandler info = new InfoHandler(broker, ports);
        PubHandler pub = new PubHandler(broker);
        StatsHandler stats = new StatsHandler(broker);
        TopicHandlers topic = new TopicHandlers(broker);
        ChannelHandlers channel = new ChannelHandlers(broker);
        ConfigHandler config = new ConfigHandler(broker, onChange);
        DebugHandler debug = new DebugHandler(broker);
        return List.of(
                route(GET, "/ping", PLAIN_TEXT, IGNORED, LOGGED, ping::ping),
                route(GET, "/info", V1, IGNORED, LOGGED, info::info),
                route(POST, "/pub", V1, MAX_MSG_SIZE, QUIET, pub::pub),
                route(POST, "/mpub", V1, MAX_BODY_SIZE, QUIET, pub::mpub),
                route(GET, "/stats", V1, IGNORED, LOGGED, stats::stats),

                route(POST, "/topic/create", V1, IGNORED, LOGGED, topic::create),
                route(POST, "/topic/delete", V1, IGNORED, LOGGED, topic::delete),
                route(POST, "/topic/empty", V1, IGNORED, LOGGED, topic::empty),
                route(POST, "/topic/pause", V1, IGNORED, LOGGED, topic::pause),
                route(POST, "/topic/unpause", V1, IGNORED, LOGGED, topic::unpause),
                route(POST, "/channel/create", V1, IGNORED, LOGGED, channel::create),
                route(POST, "/channel/delete", V1, IGNORED, LOGGED, channel::delete),
                route(POST, "/channel/empty", V1, IGNORED, LOGGED, channel::empty),
                route(POST, "/channel/pause", V1, IGNORED, LOGGED, channel::pause),
                route(POST, "/channel/unpause", V1, IGNORED, LOGGED, channel::unpause),
                route(GET, "/config/:opt", V1, IGNORED, LOGGED, config::get),
                route(PUT, "/config/:opt", V1, MAX_MSG_SIZE, LOGGED, config::put),

                route(GET, "/debug/pprof/", PLAIN_TEXT, IGNORED, QUIET, debug::index),
                route(GET, "/debug/pprof/goroutine", PLAIN_TEXT, IGNORED, QUIET, debug::threads),
                route(GET, "/debug/pprof/heap", PLAIN_TEXT, IGNORED, QUIET, debug::heap),
                route(GET, "/debug/pprof/threadcreate", PLAIN_TEXT, IGNORED, QUIET, debug::threadCounts),
                route(GET, "/debug/pprof/block", PLAIN_TEXT, IGNORED, QUIET, debug::blocking),
                route(GET, "/debug/pprof/cmdline", PLAIN_TEXT, IGNORED, QUIET, debug::commandLine),
                route(POST, "/debug/jfr/start", PLAIN_TEXT, IGNORED, LOGGED, debug::startRecording),
                route(PUT, "/debug/setblockrate", PLAIN_TEXT, IGNORED, LOGGED, debug::setBlockRate),
                route(POST, "/debug/freememory", PLAIN_TEXT, IGNORED, LOGGED, debug::freeMemory));
    }

    private static Route route(HttpMethod method, String path, ResponseFormat format, BodyLimit body, boolean logged,
                               ApiHandler handler) {
        return new Route(method, path, format, body, logged, handler);
    }
}
