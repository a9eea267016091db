package io.jnsq.server.http.api;

/**
 * One endpoint: a request in, a response or an {@link ApiError} out. Runs on one of the listener's
 * worker threads, so it may wait (for the broker's commit); the connection reads nothing more until it
 * returns. A route marked {@link Execution#EVENT_LOOP} runs it on the event loop instead: it must then
 * never wait.
 */
@FunctionalInterface
public interface ApiHandler {

    ApiResponse handle(ApiRequest request) throws ApiError;
}
