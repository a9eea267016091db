package io.jnsq.server.http.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;

/**
 * Compact JSON written the way Go's {@code encoding/json} writes it: {@code <}, {@code >}, {@code &},
 * U+2028 and U+2029 escaped as {@code \u003c}-style sequences, and floats without exponents
 * ({@code 1}, {@code 0.99}).
 */
public final class GoJson {

    private static final JsonFactory FACTORY = new JsonFactoryBuilder().characterEscapes(new GoEscapes()).build();

    private GoJson() {
    }

    /** Writes one JSON document. */
    public interface Writer {
        void write(JsonGenerator json) throws IOException;
    }

    public static byte[] write(Writer writer) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            writer.write(json);
        } catch (IOException e) {
            throw new UncheckedIOException("writing JSON to memory cannot fail", e);
        }
        return out.toByteArray();
    }

    /** {@code {"message":"<text>"}}, the body of every V1 error. */
    public static byte[] message(String text) {
        return write(json -> {
            json.writeStartObject();
            json.writeStringField("message", text);
            json.writeEndObject();
        });
    }

    /** A float as Go prints it for values below 1e21: shortest form, no exponent, no trailing {@code .0}. */
    public static void writeFloat(JsonGenerator json, double value) throws IOException {
        json.writeNumber(formatFloat(value));
    }

    static String formatFloat(double value) {
        if (value == 0) {
            return "0";
        }
        return new BigDecimal(Double.toString(value)).stripTrailingZeros().toPlainString();
    }

    private static final class GoEscapes extends CharacterEscapes {

        private final int[] table = standardAsciiEscapesForJSON();

        GoEscapes() {
            table['<'] = ESCAPE_CUSTOM;
            table['>'] = ESCAPE_CUSTOM;
            table['&'] = ESCAPE_CUSTOM;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return table;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            switch (ch) {
                case '<':
                    return new SerializedString("\\u003c");
                case '>':
                    return new SerializedString("\\u003e");
                case '&':
                    return new SerializedString("\\u0026");
                case 0x2028:
                    return new SerializedString("\\u2028");
                case 0x2029:
                    return new SerializedString("\\u2029");
                default:
                    return null;
            }
        }
    }
}
