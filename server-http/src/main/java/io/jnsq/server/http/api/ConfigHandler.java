package io.jnsq.server.http.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET /config/:opt} renders any option by its config-file name; {@code PUT} changes the two that
 * nsqd lets change at runtime, {@code nsqlookupd_tcp_addresses} and {@code log_level}, through the
 * {@link NodeOptions}, which swaps the whole configuration and tells its dependents, and answers the
 * new value.
 */
final class ConfigHandler {

    private static final ObjectMapper STRICT_JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private final NodeOptions options;

    ConfigHandler(NodeOptions options) {
        this.options = options;
    }

    ApiResponse get(ApiRequest request) throws ApiError {
        return current(request.pathParam("opt"));
    }

    /** The body is read first: empty or over max-msg-size is 413 {@code INVALID_VALUE} whatever the option. */
    ApiResponse put(ApiRequest request) throws ApiError {
        if (request.bodyTooBig() || !request.body().isReadable()) {
            throw new ApiError(413, "INVALID_VALUE");
        }
        String opt = request.pathParam("opt");
        byte[] body = request.bodyBytes();
        try {
            switch (opt) {
                case "nsqlookupd_tcp_addresses" -> options.changeLookupdTcpAddresses(stringList(body));
                case "log_level" -> options.changeLogLevel(new String(body, StandardCharsets.UTF_8));
                default -> throw new ApiError(400, "INVALID_OPTION");
            }
        } catch (IllegalArgumentException e) {
            throw new ApiError(400, "INVALID_VALUE");
        } catch (UnsupportedOperationException e) {
            throw new ApiError(400, "INVALID_OPTION");
        }
        return current(opt);
    }

    private ApiResponse current(String opt) throws ApiError {
        return options.value(opt).map(ConfigOptions::render).orElseThrow(() -> new ApiError(400, "INVALID_OPTION"));
    }

    /** A JSON array of strings; {@code null} clears the list. Anything else is {@code INVALID_VALUE}. */
    private static List<String> stringList(byte[] body) throws ApiError {
        JsonNode node;
        try {
            node = STRICT_JSON.readTree(body);
        } catch (IOException e) {
            throw new ApiError(400, "INVALID_VALUE");
        }
        if (node == null || node.isMissingNode()) {
            throw new ApiError(400, "INVALID_VALUE");
        }
        if (node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new ApiError(400, "INVALID_VALUE");
        }
        List<String> addresses = new ArrayList<>(node.size());
        for (JsonNode element : node) {
            if (!element.isTextual()) {
                throw new ApiError(400, "INVALID_VALUE");
            }
            addresses.add(element.textValue());
        }
        return addresses;
    }
}
