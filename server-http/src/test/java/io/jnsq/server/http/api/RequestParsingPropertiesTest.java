package io.jnsq.server.http.api;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Fuzzing of the HTTP request target and query parsing: any request line's target either parses or is
 * refused as malformed (IllegalArgumentException, answered 400), and any raw query parses or is refused as Go's parser refuses it.
 * Cases per property: {@code -Dfuzz.tries=N}.
 */
class RequestParsingPropertiesTest {

    @Property
    void anyTargetParsesOrIsRefusedAsMalformed(@ForAll("targets") String uri) {
        try {
            RequestTarget target = RequestTarget.parse(uri);
            assertNotNull(target.path());
        } catch (IllegalArgumentException malformed) {
            // answered 400 Bad Request
        }
    }

    /** A query Go's parser refuses (bad escape, semicolon) throws IllegalArgumentException; nothing else. */
    @Property
    void anyRawQueryParsesOrIsRefusedAsGoRefusesIt(@ForAll("queries") String rawQuery) {
        try {
            QueryParams params = QueryParams.parse(rawQuery);
            params.first("topic");
            params.firstOrEmpty("channel");
        } catch (IllegalArgumentException refused) {
            assertNotNull(refused.getMessage());
        }
    }

    @Provide
    Arbitrary<String> targets() {
        Arbitrary<String> pieces = Arbitraries.of("/", "/pub", "?", "topic=", "&", "=", "%", "%2", "%zz", "%00", "%e9",
                "#", ";", "+", "http://", "*", "..", "//", "é", "\u0000", " ");
        Arbitrary<String> noise = Arbitraries.bytes().array(byte[].class).ofMaxSize(12)
                .map(bytes -> new String(bytes, StandardCharsets.ISO_8859_1));
        return Arbitraries.oneOf(pieces, noise).list().ofMaxSize(10).map(parts -> String.join("", parts));
    }

    @Provide
    Arbitrary<String> queries() {
        return targets();
    }
}
