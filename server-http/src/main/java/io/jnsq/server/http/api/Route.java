package io.jnsq.server.http.api;

import io.netty.handler.codec.http.HttpMethod;

/**
 * One line of the route table.
 *
 * @param path      a literal path, or one whose segments may be {@code :name} parameters ({@code /config/:opt})
 * @param logged    whether each call is logged at INFO (nsqd logs every API call except publishes)
 * @param execution where the handler runs: {@link Execution#WORKER} unless it never waits
 */
public record Route(HttpMethod method, String path, ResponseFormat format, BodyLimit body, boolean logged,
                    Execution execution, ApiHandler handler) {
}
