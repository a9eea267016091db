package io.jnsq.server.http.api;

/**
 * What answers {@code GET /metrics} (beyond nsqd): the launcher supplies it (nsqd's from the metrics
 * module's Prometheus registry), so this module needs no metrics library. Called on an HTTP worker
 * thread, possibly on several at once.
 */
@FunctionalInterface
public interface MetricsSource {

    /** The whole exposition, with its content type. */
    ApiResponse scrape();
}
