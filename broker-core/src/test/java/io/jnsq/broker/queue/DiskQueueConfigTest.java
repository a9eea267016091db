package io.jnsq.broker.queue;

import io.jnsq.broker.config.BrokerConfig;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DiskQueueConfigTest {

    @Test
    void derivesNsqdsLimitsFromTheBrokerConfig() {
        BrokerConfig config = BrokerConfig.builder().messages(m -> m.maxMsgSize(1024 * 1024))
                .queues(q -> q.dataPath(Path.of("/var/lib/nsq")).maxBytesPerFile(100L * 1024 * 1024).syncEvery(2500)
                        .syncTimeout(Duration.ofSeconds(2)))
                .build();

        assertEquals(new DiskQueueConfig("t:c", Path.of("/var/lib/nsq"), 100L * 1024 * 1024, 26, 1024 * 1024 + 26,
                2500, Duration.ofSeconds(2)), DiskQueueConfig.forQueue("t:c", config));
    }

    @Test
    void syncEveryZeroMeansEveryOperation() {
        BrokerConfig config = BrokerConfig.builder().queues(q -> q.syncEvery(0)).build();

        assertEquals(1, DiskQueueConfig.forQueue("t", config).syncEvery());
    }

    @Test
    void aMemoryOnlyBrokerHasNoDiskQueues() {
        BrokerConfig config = BrokerConfig.builder().queues(q -> q.memoryOnly()).build();

        assertThrows(IllegalStateException.class, () -> DiskQueueConfig.forQueue("t", config));
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
