package io.jnsq.server.http.api;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class GoFormatTest {

    @Test
    void latenciesPrintWithOneDecimalAndTheLargestUnitExceeded() {
        assertEquals("379.0ms", GoFormat.nanosecondsToHuman(378_986_912));
        assertEquals("1.5s", GoFormat.nanosecondsToHuman(1_500_000_000));
        assertEquals("1000.0ms", GoFormat.nanosecondsToHuman(1_000_000_000));
        assertEquals("2.0us", GoFormat.nanosecondsToHuman(2_000));
        assertEquals("0.0ns", GoFormat.nanosecondsToHuman(0));
    }

    @Test
    void paddingCountsCharactersAndNeverCuts() {
        assertEquals("ab   ", GoFormat.padRight("ab", 5));
        assertEquals("abcdef", GoFormat.padRight("abcdef", 5));
        assertEquals("7    ", GoFormat.padRight(7, 5));
    }

    @Test
    void jsonEscapesAndFloatsFollowGo() {
        assertEquals("{\"message\":\"\\u003ca\\u0026b\\u003e\"}",
                new String(GoJson.message("<a&b>"), java.nio.charset.StandardCharsets.UTF_8));
        assertEquals("1", GoJson.formatFloat(1.0));
        assertEquals("0.99", GoJson.formatFloat(0.99));
        assertEquals("0.5", GoJson.formatFloat(0.5));
        assertEquals("378986912", GoJson.formatFloat(378986912.0));
    }
}
