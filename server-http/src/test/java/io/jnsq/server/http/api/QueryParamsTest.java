package io.jnsq.server.http.api;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class QueryParamsTest {

    @Test
    void firstValueWins() {
        assertEquals(Optional.of("a"), QueryParams.parse("topic=a&topic=b").first("topic"));
    }

    @Test
    void presentKeyWithoutValueIsEmptyNotAbsent() {
        QueryParams query = QueryParams.parse("topic&channel=");
        assertEquals(Optional.of(""), query.first("topic"));
        assertEquals(Optional.of(""), query.first("channel"));
        assertEquals(Optional.empty(), query.first("defer"));
    }

    @Test
    void plusIsASpaceAndEscapesDecode() {
        QueryParams query = QueryParams.parse("a=x+y&b=%2Fz%C3%A9&c%3D=1");
        assertEquals("x y", query.firstOrEmpty("a"));
        assertEquals("/zé", query.firstOrEmpty("b"));
        assertEquals("1", query.firstOrEmpty("c="));
    }

    @Test
    void badEscapeAnywhereInvalidatesTheQuery() {
        assertThrows(IllegalArgumentException.class, () -> QueryParams.parse("topic=a&x=%zz"));
        assertThrows(IllegalArgumentException.class, () -> QueryParams.parse("topic=%4"));
    }

    @Test
    void semicolonInvalidatesTheQuery() {
        assertThrows(IllegalArgumentException.class, () -> QueryParams.parse("topic=a;b"));
    }

    @Test
    void requestTargetSplitsAndUnescapesThePathOnly() {
        RequestTarget target = RequestTarget.parse("/config/log%5Flevel?topic=a%20b");
        assertEquals("/config/log_level", target.path());
        assertEquals("topic=a%20b", target.rawQuery());
        assertEquals("/pub", RequestTarget.parse("http://host:4151/pub?x").path());
        assertEquals("/a+b", RequestTarget.parse("/a+b").path());
        assertThrows(IllegalArgumentException.class, () -> RequestTarget.parse("/p%zz"));
    }
}
