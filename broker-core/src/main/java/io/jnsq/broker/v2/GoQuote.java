package io.jnsq.broker.v2;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
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
            int length = utf8Length(bytes, i);
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

    /** Length of the well-formed UTF-8 sequence at {@code index}, or 0 if there is none. */
    private static int utf8Length(byte[] bytes, int index) {
        int lead = bytes[index] & 0xff;
        int length = lead < 0x80 ? 1 : lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3
                : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
        if (length <= 1 || index + length > bytes.length) {
            return index + length > bytes.length ? 0 : length;
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            CharBuffer decoded = decoder.decode(ByteBuffer.wrap(bytes, index, length));
            return decoded.length() > 0 ? length : 0;
        } catch (CharacterCodingException e) {
            return 0;
        }
    }
}
