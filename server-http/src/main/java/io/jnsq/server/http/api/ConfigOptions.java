package io.jnsq.server.http.api;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * An option's value as {@code GET /config/:opt} shows it: numbers, booleans and lists as JSON, durations
 * as integer nanoseconds, strings raw.
 */
final class ConfigOptions {

    private ConfigOptions() {
    }

    static ApiResponse render(Object value) {
        if (value instanceof String text) {
            return ApiResponse.text(text);
        }
        if (value instanceof Duration duration) {
            return json(Long.toString(duration.toNanos()));
        }
        if (value instanceof List<?> list) {
            return ApiResponse.json(GoJson.write(json -> {
                json.writeStartArray();
                for (Object element : list) {
                    if (element instanceof Double number) {
                        GoJson.writeFloat(json, number);
                    } else {
                        json.writeString(String.valueOf(element));
                    }
                }
                json.writeEndArray();
            }));
        }
        // int, long, boolean: their JSON is their Java text
        return json(String.valueOf(value));
    }

    private static ApiResponse json(String text) {
        return ApiResponse.json(text.getBytes(StandardCharsets.US_ASCII));
    }
}
