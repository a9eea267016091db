package io.jnsq.benchmarks.load;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LoadOptionsTest {

    @Test
    void defaultsAreNsqBenchWorkload() {
        LoadOptions options = LoadOptions.parse();
        assertEquals(LoadOptions.Mode.PUB, options.mode());
        assertEquals(200, options.size());
        assertEquals(200, options.batch());
        assertEquals(2500, options.rdy());
        assertEquals(Duration.ofSeconds(10), options.duration());
        assertEquals(4150, options.address().getPort());
        assertFalse(options.channelGiven());
    }

    @Test
    void acceptsBothFlagForms() {
        LoadOptions options = LoadOptions.parse("--mode", "pubsub", "--size=1024", "--duration=500ms", "--channel", "c", "--sink");
        assertEquals(LoadOptions.Mode.PUBSUB, options.mode());
        assertEquals(1024, options.size());
        assertEquals(Duration.ofMillis(500), options.duration());
        assertTrue(options.channelGiven());
        assertTrue(options.sink());
        assertTrue(options.measuresLatency());
    }

    @Test
    void refusesAnAddressOffThisMachine() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> LoadOptions.parse("--address=10.1.2.3:5150"));
        assertTrue(refused.getMessage().contains("loopback"), refused.getMessage());
    }

    @Test
    void refusesUnboundedOrUnknownInput() {
        assertThrows(IllegalArgumentException.class, () -> LoadOptions.parse("--duration=11m"));
        assertThrows(IllegalArgumentException.class, () -> LoadOptions.parse("--duration=0s"));
        assertThrows(IllegalArgumentException.class, () -> LoadOptions.parse("--count=-1"));
        assertThrows(IllegalArgumentException.class, () -> LoadOptions.parse("--publishers=100000"));
        assertThrows(IllegalArgumentException.class, () -> LoadOptions.parse("--colour=blue"));
        assertThrows(IllegalArgumentException.class, () -> LoadOptions.parse("--mode=both"));
    }

    @Test
    void helpAsksForTheUsageText() {
        assertNull(LoadOptions.parse("--help"));
    }
}
