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
    void publishesFlatOutUnlessARateIsGiven() {
        LoadOptions flatOut = LoadOptions.parse("--mode=pubsub");
        assertEquals(0, flatOut.rate());
        assertFalse(flatOut.paced());
        assertEquals(Duration.ZERO, flatOut.warmup());

        LoadOptions paced = LoadOptions.parse("--mode=pubsub", "--rate=100_000", "--max-in-flight=8", "--duration=20s", "--warmup=5s");
        assertEquals(100_000, paced.rate());
        assertTrue(paced.paced());
        assertEquals(8, paced.maxInFlight());
        assertEquals(Duration.ofSeconds(5), paced.warmup());
        assertTrue(paced.describe().contains("rate=100000/s"), paced.describe());
    }

    @Test
    void refusesRatesAndWarmUpsThatMakeNoSense() {
        assertThrows(IllegalArgumentException.class, () -> LoadOptions.parse("--rate=-1"));
        assertThrows(IllegalArgumentException.class, () -> LoadOptions.parse("--rate=fast"));
        assertThrows(IllegalArgumentException.class, () -> LoadOptions.parse("--rate=" + (LoadOptions.MAX_RATE + 1)));
        assertThrows(IllegalArgumentException.class, () -> LoadOptions.parse("--mode=sub", "--rate=1000"));
        assertThrows(IllegalArgumentException.class, () -> LoadOptions.parse("--max-in-flight=0"));
        assertThrows(IllegalArgumentException.class, () -> LoadOptions.parse("--duration=5s", "--warmup=5s"));
        assertThrows(IllegalArgumentException.class, () -> LoadOptions.parse("--warmup=-1s"));
        assertThrows(IllegalArgumentException.class, () -> LoadOptions.parse("--warmup=soon"));
    }

    @Test
    void helpAsksForTheUsageText() {
        assertNull(LoadOptions.parse("--help"));
    }

    @Test
    void upgradesAreOffUnlessAsked() {
        LoadOptions plain = LoadOptions.parse("--mode=pubsub");
        assertFalse(plain.upgrades().any());
        assertFalse(plain.describe().contains("upgrades"), plain.describe());
    }

    @Test
    void parsesTheUpgradeSwitches() {
        // switches take no value: the argument after --tls is the next flag, not its value
        LoadOptions tls = LoadOptions.parse("--tls", "--mode", "pubsub");
        assertTrue(tls.upgrades().tls());
        assertFalse(tls.upgrades().snappy());
        assertEquals(LoadOptions.Mode.PUBSUB, tls.mode());
        assertTrue(tls.describe().endsWith("upgrades=tls"), tls.describe());

        LoadOptions snappy = LoadOptions.parse("--tls", "--snappy");
        assertTrue(snappy.upgrades().tls());
        assertTrue(snappy.upgrades().snappy());
        assertTrue(snappy.describe().endsWith("upgrades=tls+snappy"), snappy.describe());

        LoadOptions deflate = LoadOptions.parse("--deflate", "--deflate-level=9");
        assertFalse(deflate.upgrades().tls());
        assertTrue(deflate.upgrades().deflate());
        assertEquals(9, deflate.upgrades().deflateLevel());
        assertEquals(6, LoadOptions.parse("--deflate").upgrades().deflateLevel());
        assertFalse(LoadOptions.parse("--tls=false").upgrades().any());
    }

    @Test
    void identifyAsksForExactlyTheUpgradesChosen() {
        String json = LoadOptions.parse("--tls", "--deflate", "--deflate-level=3").upgrades().identifyJson("ua");
        assertTrue(json.contains("\"feature_negotiation\":true"), json);
        assertTrue(json.contains("\"tls_v1\":true"), json);
        assertTrue(json.contains("\"snappy\":false"), json);
        assertTrue(json.contains("\"deflate\":true"), json);
        assertTrue(json.contains("\"deflate_level\":3"), json);
    }

    @Test
    void refusesUpgradeCombinationsNsqdOrTheSinkRefuse() {
        assertThrows(IllegalArgumentException.class, () -> LoadOptions.parse("--snappy", "--deflate"));
        assertThrows(IllegalArgumentException.class, () -> LoadOptions.parse("--deflate", "--deflate-level=10"));
        assertThrows(IllegalArgumentException.class, () -> LoadOptions.parse("--deflate-level=6"));
        assertThrows(IllegalArgumentException.class, () -> LoadOptions.parse("--tls", "--sink"));
        assertThrows(IllegalArgumentException.class, () -> LoadOptions.parse("--tls=yes"));
    }
}
