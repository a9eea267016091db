package io.jnsq.server.http.api;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * What a handler answers: nsqd writes strings raw as {@code text/plain}, structured data as JSON, and
 * "no data" as an empty body without a content type.
 *
 * @param contentType {@code null} for an empty body
 */
public record ApiResponse(int status, String contentType, byte[] body, Map<String, String> headers) {

    public static final String TEXT = "text/plain; charset=utf-8";
    public static final String JSON = "application/json; charset=utf-8";

    private static final ApiResponse EMPTY = new ApiResponse(200, null, new byte[0], Map.of());
    private static final ApiResponse OK = text("OK");

    public ApiResponse {
        headers = Map.copyOf(headers);
    }

    public static ApiResponse empty() {
        return EMPTY;
    }

    /** {@code OK}, what a publish answers. */
    public static ApiResponse ok() {
        return OK;
    }

    /** A string result; an empty string is an empty response, as in nsqd. */
    public static ApiResponse text(String text) {
        return text.isEmpty() ? EMPTY : new ApiResponse(200, TEXT, text.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    public static ApiResponse json(byte[] json) {
        return new ApiResponse(200, JSON, json, Map.of());
    }
}
