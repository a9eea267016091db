package io.jnsq.server.http.api;

import java.util.Map;

/**
 * An API call refused with nsqd's status and reason ({@code 400 MISSING_ARG_TOPIC}). V1 routes render
 * it as {@code {"message":"<reason>"}}, plain-text routes as the bare reason. Carries no stack trace:
 * it answers a client, it is not a bug.
 */
public final class ApiError extends Exception {

    private final int status;
    private final Map<String, String> headers;

    public ApiError(int status, String message) {
        this(status, message, Map.of());
    }

    /** @param headers extra response headers, e.g. {@code Allow} on a 405 */
    public ApiError(int status, String message, Map<String, String> headers) {
        super(message, null, false, false);
        this.status = status;
        this.headers = Map.copyOf(headers);
    }

    public int status() {
        return status;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
