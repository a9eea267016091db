package io.jnsq.broker.v2;

import io.jnsq.broker.Utf8;

import java.nio.charset.StandardCharsets;

/**
 * Quotes a name the way Go's {@code %q} does, as nsqd's error texts show it: double quotes, {@code \"}
 * and {@code \\}, control and non-printable characters escaped, bytes that are not UTF-8 as {@code \xNN}.
 */
final class GoQuote {

    private GoQuote() {
    }

    /**
     * @param latin1 the client's bytes, one char per byte
     * @return the quoted form, also one char per byte: a printable rune outside ASCII stays as its
     *         UTF-8 bytes, everything else quoted is ASCII
     */
    static String quote(String latin1) {
        byte[] bytes = latin1.getBytes(StandardCharsets.ISO_8859_1);
        StringBuilder out = new StringBuilder(bytes.length + 2).append('"');
        int i = 0;
        while (i < bytes.length) {
            int length = Utf8.wellFormedLength(bytes, i);
            if (length == 0) {
                out.append(String.format("\\x%02x", bytes[i] & 0xff));
                i++;
                continue;
            }
            int codePoint = new String(bytes, i, length, StandardCharsets.UTF_8).codePointAt(0);
            if (codePoint >= 0x80 && printable(codePoint)) {
                out.append(latin1, i, i + length); // the rune's own bytes, one char per byte
            } else {
                appendRune(out, codePoint);
            }
            i += length;
        }
        return out.append('"').toString();
    }

    private static void appendRune(StringBuilder out, int codePoint) {
        switch (codePoint) {
            case '"' -> out.append("\\\"");
            case '\\' -> out.append("\\\\");
            case 7 -> out.append("\\a");
            case '\b' -> out.append("\\b");
            case '\f' -> out.append("\\f");
            case '\n' -> out.append("\\n");
            case '\r' -> out.append("\\r");
            case '\t' -> out.append("\\t");
            case 11 -> out.append("\\v");
            default -> {
                if (printable(codePoint)) {
                    out.appendCodePoint(codePoint);
                } else if (codePoint < 0x80) {
                    out.append(String.format("\\x%02x", codePoint));
                } else if (codePoint < 0x10000) {
                    out.append(String.format("\\u%04x", codePoint));
                } else {
                    out.append(String.format("\\U%08x", codePoint));
                }
            }
        }
    }

    private static boolean printable(int codePoint) {
        if (codePoint < 0x80) {
            return codePoint >= 0x20 && codePoint < 0x7f;
        }
        int type = Character.getType(codePoint);
        return type != Character.CONTROL && type != Character.FORMAT && type != Character.UNASSIGNED
                && type != Character.PRIVATE_USE && type != Character.SURROGATE
                && type != Character.LINE_SEPARATOR && type != Character.PARAGRAPH_SEPARATOR
                && !(type == Character.SPACE_SEPARATOR && codePoint != ' ');
    }
}
