package io.jnsq.nsqd.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.LoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.jnsq.nsqd.logging.LogEvents.TIME;
import static io.jnsq.nsqd.logging.LogEvents.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code --log-format=json}: every line one JSON object a shipper can parse. */
class JsonLineLayoutTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final JsonLineLayout layout = new JsonLineLayout();

    @Test
    void aLineIsOneJsonObjectWithTimeLevelMessageLoggerAndThread() throws Exception {
        String line = layout.doLayout(event(TIME, Level.WARN, "TOPIC({}): created", "sample_topic"));
        assertEquals("{\"ts\":\"2026-11-29T12:15:58.218730Z\",\"level\":\"WARNING\",\"msg\":\"TOPIC(sample_topic): created\","
                + "\"logger\":\"io.jnsq.broker.Topic\",\"thread\":\"nsqd-loop-1\"}\n", line);
        JsonNode parsed = JSON.readTree(line);
        List<String> fields = new ArrayList<>();
        parsed.fieldNames().forEachRemaining(fields::add);
        assertEquals(List.of("ts", "level", "msg", "logger", "thread"), fields);
    }

    @Test
    void quotesControlCharactersAndNonAsciiStayOneParsableLine() throws Exception {
        String message = "client \"x\"\n\tsaid \u00e9\u2603 \\ \u0001";
        String line = layout.doLayout(event(TIME, Level.INFO, message));
        assertEquals(1, line.split("\n", -1).length - 1, line);
        assertTrue(line.endsWith("}\n"), line);
        assertEquals(message, JSON.readTree(line).get("msg").asText());
    }

    @Test
    void fatalAndStackTracesAreFields() throws Exception {
        LoggingEvent fatal = event(TIME, Level.ERROR, "listen failed");
        fatal.addMarker(LogLevels.FATAL);
        assertEquals("FATAL", JSON.readTree(layout.doLayout(fatal)).get("level").asText());

        JsonNode failure = JSON.readTree(layout.doLayout(LogEvents.failure(new IllegalStateException("boom"))));
        assertTrue(failure.get("stack_trace").asText().startsWith("java.lang.IllegalStateException: boom\n\tat "), failure.toString());
        assertFalse(JSON.readTree(layout.doLayout(event(TIME, Level.INFO, "m"))).has("stack_trace"));
    }

    @Test
    void microsecondsAreAlwaysSixDigits() throws Exception {
        String line = layout.doLayout(event(java.time.Instant.parse("2026-11-29T12:15:58Z"), Level.INFO, "m"));
        assertEquals("2026-11-29T12:15:58.000000Z", JSON.readTree(line).get("ts").asText());
    }
}
