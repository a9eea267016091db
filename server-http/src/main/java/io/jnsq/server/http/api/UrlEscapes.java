package io.jnsq.server.http.api;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Go's URL unescaping: a {@code %} must be followed by two hex digits, anything else is an error. */
final class UrlEscapes {

    private UrlEscapes() {
    }

    /**
     * @param plusIsSpace true in a query component ({@code +} means a space), false in a path
     * @throws IllegalArgumentException on a malformed escape
     */
    static String unescape(String text, boolean plusIsSpace) {
        if (text.indexOf('%') < 0 && !(plusIsSpace && text.indexOf('+') >= 0)) {
            return text;
        }
        byte[] raw = text.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length);
        for (int i = 0; i < raw.length; i++) {
            byte b = raw[i];
            if (b == '%') {
                if (i + 2 >= raw.length || hex(raw[i + 1]) < 0 || hex(raw[i + 2]) < 0) {
                    throw new IllegalArgumentException("invalid URL escape in \"" + text + "\"");
                }
                out.write(hex(raw[i + 1]) << 4 | hex(raw[i + 2]));
                i += 2;
            } else if (b == '+' && plusIsSpace) {
                out.write(' ');
            } else {
                out.write(b);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static int hex(byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        if (b >= 'a' && b <= 'f') {
            return b - 'a' + 10;
        }
        if (b >= 'A' && b <= 'F') {
            return b - 'A' + 10;
        }
        return -1;
    }
}
