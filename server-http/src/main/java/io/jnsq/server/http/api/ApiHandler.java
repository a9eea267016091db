package io.jnsq.server.http.api;

/** One endpoint: a request in, a response or an {@link ApiError} out. Runs on the connection's event loop. */
@FunctionalInterface
public interface ApiHandler {

    ApiResponse handle(ApiRequest request) throws ApiError;
}
