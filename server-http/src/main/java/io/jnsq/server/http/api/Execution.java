package io.jnsq.server.http.api;

/** Where a route's handler runs. */
public enum Execution {

    /**
     * On the connection's event loop, at once: only for a handler that never waits and takes
     * microseconds ({@code /ping}, the router's own answers). It saves two thread hops per request and
     * keeps answering when every worker is busy, as health checks need.
     */
    EVENT_LOOP,

    /** On one of the listener's worker threads: a handler that may wait (the broker's commits, the disk) or take long. */
    WORKER
}
