package io.jnsq.nsqd.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static io.jnsq.nsqd.logging.LogEvents.TIME;
import static io.jnsq.nsqd.logging.LogEvents.event;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** nsqd's log line as Go's log package writes it, compared byte for byte. */
class NsqdTextLayoutTest {

    private final NsqdTextLayout layout = new NsqdTextLayout();

    @BeforeEach
    void utc() {
        layout.setZone(ZoneOffset.UTC);
        layout.start();
    }

    @Test
    void aLineIsPrefixDateTimeMicrosecondsLevelColonMessageNewline() {
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(new LoggerContext());
        encoder.setLayout(layout);
        encoder.setCharset(StandardCharsets.UTF_8);
        encoder.start();
        byte[] line = encoder.encode(event(TIME, Level.INFO, "TOPIC({}): created", "sample_topic"));
        assertArrayEquals("[nsqd] 2026/11/29 12:15:58.218730 INFO: TOPIC(sample_topic): created\n".getBytes(StandardCharsets.UTF_8), line);
    }

    @ParameterizedTest
    @CsvSource({"DEBUG, DEBUG", "INFO, INFO", "WARN, WARNING", "ERROR, ERROR", "TRACE, TRACE"})
    void levelsHaveNsqdsNames(String slf4j, String nsqd) {
        assertEquals("[nsqd] 2026/11/29 12:15:58.218730 " + nsqd + ": m\n", layout.doLayout(event(TIME, Level.toLevel(slf4j), "m")));
    }

    @Test
    void anErrorMarkedFatalIsFatal() {
        LoggingEvent event = event(TIME, Level.ERROR, "listen (127.0.0.1:5150) failed");
        event.addMarker(LogLevels.FATAL);
        assertEquals("[nsqd] 2026/11/29 12:15:58.218730 FATAL: listen (127.0.0.1:5150) failed\n", layout.doLayout(event));
    }

    @ParameterizedTest
    @CsvSource({"2026-11-29T12:15:58Z, 12:15:58.000000", "2026-11-29T12:15:58.000005Z, 12:15:58.000005",
            "2026-11-29T12:15:58.012345Z, 12:15:58.012345", "2026-11-29T12:15:58.999999999Z, 12:15:58.999999"})
    void microsecondsAreAlwaysSixDigitsAndTruncated(Instant time, String clock) {
        assertEquals("[nsqd] 2026/11/29 " + clock + " INFO: m\n", layout.doLayout(event(time, Level.INFO, "m")));
    }

    @Test
    void consecutiveSecondsEachGetTheirOwnTime() {
        assertTrue(layout.doLayout(event(TIME, Level.INFO, "m")).contains(" 12:15:58.218730 "));
        assertTrue(layout.doLayout(event(TIME.plusMillis(900), Level.INFO, "m")).contains(" 12:15:59.118730 "));
        assertTrue(layout.doLayout(event(TIME.plusSeconds(86_400), Level.INFO, "m")).contains(" 2026/11/30 12:15:58.218730 "));
    }

    @Test
    void theTimeIsLocalTime() {
        layout.setZone(ZoneId.of("Asia/Kolkata"));
        assertEquals("[nsqd] 2026/11/29 17:45:58.218730 INFO: m\n", layout.doLayout(event(TIME, Level.INFO, "m")));
    }

    @Test
    void thePrefixIsWrittenAsIs() {
        layout.setPrefix("[100%] {} ");
        assertEquals("[100%] {} 2026/11/29 12:15:58.218730 INFO: m\n", layout.doLayout(event(TIME, Level.INFO, "m")));
        layout.setPrefix("");
        assertEquals("2026/11/29 12:15:58.218730 INFO: m\n", layout.doLayout(event(TIME, Level.INFO, "m")));
    }

    @Test
    void aMessageEndingInANewlineGetsNoSecondOne() {
        assertEquals("[nsqd] 2026/11/29 12:15:58.218730 INFO: m\n", layout.doLayout(event(TIME, Level.INFO, "m\n")));
    }

    @Test
    void aStackTraceFollowsOnTheNextLines() {
        String text = layout.doLayout(LogEvents.failure(new IllegalStateException("boom")));
        assertTrue(text.startsWith("[nsqd] 2026/11/29 12:15:58.218730 WARNING: closing after an unhandled error\n"
                + "java.lang.IllegalStateException: boom\n\tat "), text);
        assertTrue(text.endsWith("\n"), text);
    }

    @Test
    void theLineOfAFailedStartupIsTheSame() {
        assertEquals("[nsqd] 2026/11/29 12:15:58.218730 FATAL: --node-id must be [0,1024)\n",
                NsqdTextLayout.line("[nsqd] ", TIME, ZoneOffset.UTC, "FATAL", "--node-id must be [0,1024)"));
    }
}
