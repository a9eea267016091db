package io.jnsq.broker;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class GoDurationTest {

    @ParameterizedTest(name = "{0} = {1} ns")
    @CsvSource({
            "0, 0",
            "+0, 0",
            "-0, 0",
            "0s, 0",
            "60s, 60000000000",
            "100ms, 100000000",
            "1m30s, 90000000000",
            "1.5h, 5400000000000",
            "2h45m, 9900000000000",
            "300us, 300000",
            "300\u00b5s, 300000",
            "300\u03bcs, 300000",
            "7ns, 7",
            "-1.5s, -1500000000",
            "+5m, 300000000000",
            ".5s, 500000000",
            "5.s, 5000000000",
            "1h2m3s4ms5us6ns, 3723004005006",
            "1.0000000005s, 1000000000",
            "2562047h47m16.854775807s, 9223372036854775807",
            "-2562047h47m16.854775808s, -9223372036854775808",
    })
    void parsesGoSyntax(String text, long nanos) {
        assertEquals(Duration.ofNanos(nanos), GoDuration.parse(text));
    }

    @ParameterizedTest(name = "\"{0}\": {1}")
    @CsvSource(delimiter = '|', value = {
            "''|time: invalid duration \"\"",
            "-|time: invalid duration \"-\"",
            "s|time: invalid duration \"s\"",
            ".s|time: invalid duration \".s\"",
            "1|time: missing unit in duration \"1\"",
            "1s2|time: missing unit in duration \"1s2\"",
            "1d|time: unknown unit \"d\" in duration \"1d\"",
            "1 s|time: unknown unit \" s\" in duration \"1 s\"",
            "2562047h47m16.854775808s|time: invalid duration \"2562047h47m16.854775808s\"",
            "9999999999999999999h|time: invalid duration \"9999999999999999999h\"",
    })
    void rejectsWithGosMessage(String text, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GoDuration.parse(text));
        assertEquals(message, e.getMessage());
    }

    @ParameterizedTest(name = "{0} ns prints {1}")
    @CsvSource({
            "0, 0s",
            "1, 1ns",
            "999, 999ns",
            "1000, 1\u00b5s",
            "1500, 1.5\u00b5s",
            "25000000, 25ms",
            "250000000, 250ms",
            "1500000, 1.5ms",
            "1000000000, 1s",
            "1500000000, 1.5s",
            "2000000000, 2s",
            "60000000000, 1m0s",
            "90000000000, 1m30s",
            "900000000000, 15m0s",
            "3600000000000, 1h0m0s",
            "7200000000000, 2h0m0s",
            "9900000000000, 2h45m0s",
            "3723004005006, 1h2m3.004005006s",
            "-1500000000, -1.5s",
            "-250000000, -250ms",
            "9223372036854775807, 2562047h47m16.854775807s",
            "-9223372036854775808, -2562047h47m16.854775808s",
    })
    void formatsAsGoPrints(long nanos, String text) {
        assertEquals(text, GoDuration.format(Duration.ofNanos(nanos)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1m30s", "250ms", "1.5s", "2h0m0s", "0s", "-3h1m0.000000001s", "999.999\u00b5s"})
    void printedTextParsesBackToTheSameDuration(String text) {
        assertEquals(text, GoDuration.format(GoDuration.parse(text)));
    }

    @Test
    void formatsNsqdDefaultsAsHelpShowsThem() {
        assertEquals("10m0s", GoDuration.format(Duration.ofMinutes(10)));
        assertEquals("1h0m0s", GoDuration.format(Duration.ofHours(1)));
        assertEquals("30s", GoDuration.format(Duration.ofSeconds(30)));
    }
}
