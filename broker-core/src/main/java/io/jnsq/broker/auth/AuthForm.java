package io.jnsq.broker.auth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The four values nsqd sends its auth server, encoded like Go's {@code url.Values}: sorted by key, as a
 * query string for GET or, for POST, as the JSON of the values map (every value a one-element array).
 */
final class AuthForm {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private final Map<String, String> values;

    AuthForm(AuthRequest request) {
        values = new LinkedHashMap<>();
        values.put("common_name", request.commonName());
        values.put("remote_ip", request.remoteIp());
        values.put("secret", request.secret());
        values.put("tls", Boolean.toString(request.tls()));
    }

    /** {@code common_name=&remote_ip=127.0.0.1&secret=s&tls=false} */
    String queryString() {
        StringBuilder query = new StringBuilder();
        values.forEach((key, value) -> {
            if (!query.isEmpty()) {
                query.append('&');
            }
            query.append(key).append('=').append(queryEscape(value));
        });
        return query.toString();
    }

    /** {@code {"common_name":[""],"remote_ip":["127.0.0.1"],"secret":["s"],"tls":["false"]}} */
    byte[] jsonBody() {
        Map<String, List<String>> form = new LinkedHashMap<>();
        values.forEach((key, value) -> form.put(key, List.of(value)));
        try {
            return JSON.writeValueAsBytes(form);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings always serializes", e);
        }
    }

    /**
     * Go's {@code url.QueryEscape}, which differs from {@link java.net.URLEncoder} in two characters: it
     * keeps {@code ~} and escapes {@code *}.
     */
    static String queryEscape(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || c == '-' || c == '_' || c == '.' || c == '~') {
                out.append(c);
            } else if (c == ' ') {
                out.append('+');
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        return out.toString();
    }
}
