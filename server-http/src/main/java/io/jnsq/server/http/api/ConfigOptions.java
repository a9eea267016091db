package io.jnsq.server.http.api;

import io.jnsq.broker.Options;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Options by their config-file names, rendered as {@code GET /config/:opt} shows them: numbers, booleans
 * and lists as JSON, durations as integer nanoseconds, {@code log_level}, {@code tls_required} and
 * {@code tls_min_version} as nsqd's numbers, strings raw. Read from the {@link Options} record itself,
 * so a new option is served without touching this class.
 */
final class ConfigOptions {

    /** Options nsqd has no flag for, which {@code /config} therefore refuses. */
    private static final List<String> NOT_FLAGS = List.of("clientTimeout");

    private static final Map<String, RecordComponent> BY_CONFIG_NAME = byConfigName();

    private ConfigOptions() {
    }

    /** The option's current value as the response to send, or empty for a name that is no option. */
    static Optional<ApiResponse> render(Options options, String configName) {
        RecordComponent component = BY_CONFIG_NAME.get(configName);
        if (component == null) {
            return Optional.empty();
        }
        return Optional.of(renderValue(configName, value(options, component)));
    }

    private static ApiResponse renderValue(String configName, Object value) {
        if (configName.equals("tls_min_version")) {
            return jsonNumber(tlsVersionCode((String) value));
        }
        if (value instanceof String) {
            return ApiResponse.text((String) value);
        }
        if (value instanceof Duration) {
            return jsonNumber(((Duration) value).toNanos());
        }
        if (value instanceof Options.LogLevel) {
            return jsonNumber(((Options.LogLevel) value).number());
        }
        if (value instanceof Options.TlsRequired) {
            return jsonNumber(((Options.TlsRequired) value).number());
        }
        if (value instanceof List) {
            List<?> list = (List<?>) value;
            return ApiResponse.json(GoJson.write(json -> {
                json.writeStartArray();
                for (Object element : list) {
                    if (element instanceof Double) {
                        GoJson.writeFloat(json, (Double) element);
                    } else {
                        json.writeString(String.valueOf(element));
                    }
                }
                json.writeEndArray();
            }));
        }
        // int, long, boolean: their JSON is their Java text
        return ApiResponse.json(String.valueOf(value).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    private static ApiResponse jsonNumber(long number) {
        return ApiResponse.json(Long.toString(number).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    /** Go's {@code tls.VersionTLS10} … {@code VersionTLS13}. */
    private static long tlsVersionCode(String name) {
        switch (name) {
            case "tls1.0":
                return 0x0301;
            case "tls1.1":
                return 0x0302;
            case "tls1.2":
                return 0x0303;
            case "tls1.3":
                return 0x0304;
            default:
                return 0;
        }
    }

    private static Object value(Options options, RecordComponent component) {
        try {
            return component.getAccessor().invoke(options);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read option " + component.getName(), e);
        }
    }

    private static Map<String, RecordComponent> byConfigName() {
        Map<String, RecordComponent> byName = new LinkedHashMap<>();
        for (RecordComponent component : Options.class.getRecordComponents()) {
            if (!NOT_FLAGS.contains(component.getName())) {
                byName.put(configName(component.getName()), component);
            }
        }
        return Collections.unmodifiableMap(byName);
    }

    /** {@code maxMsgSize} → {@code max_msg_size}; nsqd names the node id {@code id}. */
    static String configName(String componentName) {
        if (componentName.equals("nodeId")) {
            return "id";
        }
        StringBuilder snake = new StringBuilder(componentName.length() + 8);
        for (char c : componentName.toCharArray()) {
            if (Character.isUpperCase(c)) {
                snake.append('_').append(Character.toLowerCase(c));
            } else {
                snake.append(c);
            }
        }
        return snake.toString();
    }
}
