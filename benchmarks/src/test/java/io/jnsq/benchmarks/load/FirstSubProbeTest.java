package io.jnsq.benchmarks.load;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FirstSubProbeTest {

    @Test
    @Timeout(30)
    void probesTheSinkEndToEnd() throws Exception {
        try (LoadSink sink = new LoadSink(200)) {
            String address = "127.0.0.1:" + sink.address().getPort();
            ByteArrayOutputStream report = new ByteArrayOutputStream();
            FirstSubProbe.Result result = FirstSubProbe.run(
                    FirstSubProbe.Options.parse("--address=" + address, "--before=50ms", "--window=100ms", "--timeout=10s"),
                    new PrintStream(report, true, StandardCharsets.UTF_8));
            String text = report.toString(StandardCharsets.UTF_8);
            assertNotNull(result, text);
            assertTrue(result.beforeCount() > 0 && result.windowCount() > 0, text);
            assertTrue(result.subToOkNanos() > 0 && result.windowMaxNanos() >= result.windowP50Nanos(), text);
            assertTrue(text.contains("result sub_ok_ms="), text);
        }
    }

    @Test
    void aPublishStalledAcrossTheSubCountsInFullInTheWindow() {
        // SUB sent at 100, window until 300; round trips as (sent, answered)
        long[] sent = {0, 10, 90, 150, 290, 310};
        long[] answered = {5, 20, 250, 160, 295, 320};
        FirstSubProbe.Result result = FirstSubProbe.summarize(sent, answered, sent.length, 1, 100, 150, 300);
        assertEquals(2, result.beforeCount());
        assertEquals(10, result.beforeMaxNanos());
        assertEquals(5, result.beforeP50Nanos());
        assertEquals(3, result.windowCount(), "the PUB sent at 310 is after the window");
        assertEquals(160, result.windowMaxNanos(), "sent at 90, answered at 250");
        assertEquals(10, result.windowP50Nanos());
        assertEquals(150, result.subToOkNanos());
    }

    @Test
    void parsesAndRefusesFlags() {
        FirstSubProbe.Options options = FirstSubProbe.Options.parse("--address=127.0.0.1:14150", "--topic=t", "--window=3s");
        assertEquals(14150, options.address().getPort());
        assertEquals("t", options.topic());
        assertEquals("ch", options.channel());
        assertEquals(3000, options.window().toMillis());
        assertEquals(30_000, options.heartbeatInterval().toMillis());
        assertNull(FirstSubProbe.Options.parse("--help"));
        assertThrows(IllegalArgumentException.class, () -> FirstSubProbe.Options.parse("--address=192.0.2.1:5150"));
        assertThrows(IllegalArgumentException.class, () -> FirstSubProbe.Options.parse("--window"));
        assertThrows(IllegalArgumentException.class, () -> FirstSubProbe.Options.parse("--window=0s"));
        assertThrows(IllegalArgumentException.class, () -> FirstSubProbe.Options.parse("--rdy=1"));
    }
}
