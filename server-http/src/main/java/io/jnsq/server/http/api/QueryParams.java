package io.jnsq.server.http.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A URL query as nsqd reads it (Go's {@code url.ParseQuery}): {@code &}-separated, {@code +} is a
 * space, the first value of a repeated key wins, and a {@code ;} or a bad {@code %} escape anywhere makes
 * the whole query invalid.
 */
public final class QueryParams {

    private final Map<String, List<String>> values;

    private QueryParams(Map<String, List<String>> values) {
        this.values = values;
    }

    /** @throws IllegalArgumentException when Go would refuse the query */
    public static QueryParams parse(String rawQuery) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        IllegalArgumentException firstError = null;
        for (String pair : rawQuery.split("&", -1)) {
            if (pair.indexOf(';') >= 0) {
                firstError = firstError != null ? firstError : new IllegalArgumentException("invalid semicolon separator in query");
                continue;
            }
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            try {
                String key = UrlEscapes.unescape(equals < 0 ? pair : pair.substring(0, equals), true);
                String value = equals < 0 ? "" : UrlEscapes.unescape(pair.substring(equals + 1), true);
                values.computeIfAbsent(key, k -> new ArrayList<>(1)).add(value);
            } catch (IllegalArgumentException e) {
                firstError = firstError != null ? firstError : e;
            }
        }
        if (firstError != null) {
            throw firstError;
        }
        return new QueryParams(values);
    }

    /** The first value of {@code key}, if the key is present at all (even with an empty value). */
    public Optional<String> first(String key) {
        List<String> all = values.get(key);
        return all == null ? Optional.empty() : Optional.of(all.get(0));
    }

    /** The first value of {@code key}, or {@code ""} when absent. */
    public String firstOrEmpty(String key) {
        return first(key).orElse("");
    }
}
