package io.jnsq.broker.queue;

import io.jnsq.broker.Options;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DiskQueueConfigTest {

    @Test
    void derivesNsqdsLimitsFromOptions() {
        Options options = Options.builder().dataPath("/var/lib/nsq").maxMsgSize(1024 * 1024)
                .maxBytesPerFile(100L * 1024 * 1024).syncEvery(2500).syncTimeout(Duration.ofSeconds(2)).build();

        assertEquals(new DiskQueueConfig("t:c", Path.of("/var/lib/nsq"), 100L * 1024 * 1024, 26, 1024 * 1024 + 26,
                2500, Duration.ofSeconds(2)), DiskQueueConfig.forQueue("t:c", options));
    }

    @Test
    void syncEveryZeroMeansEveryOperation() {
        Options options = Options.builder().syncEvery(0).build();

        assertEquals(1, DiskQueueConfig.forQueue("t", options).syncEvery());
    }

    @Test
    void rejectsSettingsGoDiskqueueCannotRunWith() {
        Path dir = Path.of("data");
        Duration second = Duration.ofSeconds(1);
        assertThrows(IllegalArgumentException.class, () -> new DiskQueueConfig("", dir, 1, 0, 1, 1, second));
        assertThrows(IllegalArgumentException.class, () -> new DiskQueueConfig("q", dir, 0, 0, 1, 1, second));
        assertThrows(IllegalArgumentException.class, () -> new DiskQueueConfig("q", dir, 1, 10, 9, 1, second));
        assertThrows(IllegalArgumentException.class, () -> new DiskQueueConfig("q", dir, 1, 0, 1, 0, second));
        assertThrows(IllegalArgumentException.class, () -> new DiskQueueConfig("q", dir, 1, 0, 1, 1, Duration.ZERO));
    }
}
