package io.jnsq.server.http.api;

/**
 * One endpoint: a request in, a response or an {@link ApiError} out. Runs on one of the listener's
 * worker threads, never on an event loop, so it may wait (for the broker's commit); the connection reads
 * nothing more until it returns.
 */
@FunctionalInterface
public interface ApiHandler {

    ApiResponse handle(ApiRequest request) throws ApiError;
}
