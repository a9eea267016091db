package io.jnsq.broker;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** JSON read the way Go's {@code encoding/json} reads it into a struct, for bodies nsqd decodes. */
public final class GoStyleJson {

    /** Go's decoder refuses a document nested deeper than this; Jackson's default stops at 1000. */
    public static final int MAX_NESTING_DEPTH = 10_000;

    /**
     * Go puts no limit on the length of a number, a string or a name; the body size limits do. Nesting is
     * limited as Go limits it.
     */
    private static final StreamReadConstraints GO_LIMITS = StreamReadConstraints.builder()
            .maxNestingDepth(MAX_NESTING_DEPTH)
            .maxNumberLength(Integer.MAX_VALUE)
            .maxStringLength(Integer.MAX_VALUE)
            .maxNameLength(Integer.MAX_VALUE)
            .build();

    /**
     * Unknown keys ignored, key case ignored, no numbers from strings, no integers from fractions, nothing
     * after the value. Thread-safe; also writes. Read bytes through {@link #text(byte[])}.
     */
    public static final ObjectMapper MAPPER = JsonMapper.builder(
                    JsonFactory.builder().streamReadConstraints(GO_LIMITS).build())
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private GoStyleJson() {
    }

    /**
     * A body's bytes as the text Go's decoder sees: UTF-8, each byte that does not begin a well-formed
     * sequence read as U+FFFD (Go accepts such bytes inside strings; anywhere else they stay a syntax
     * error). Jackson refuses them outright when given the bytes, and would also guess UTF-16 or UTF-32
     * from the first bytes, which Go never does.
     */
    public static String text(byte[] body) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException malformed) {
            return replacingEachBadByte(body);
        }
    }

    private static String replacingEachBadByte(byte[] body) {
        StringBuilder out = new StringBuilder(body.length);
        int i = 0;
        while (i < body.length) {
            int length = Utf8.wellFormedLength(body, i);
            if (length == 0) {
                out.append('\uFFFD');
                i++;
            } else {
                out.append(new String(body, i, length, StandardCharsets.UTF_8));
                i += length;
            }
        }
        return out.toString();
    }
}
