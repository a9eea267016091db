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

        DiskQueueConfig queue = DiskQueueConfig.forQueue("t:c", config);

        assertEquals("t:c", queue.name());
        assertEquals(Path.of("/var/lib/nsq"), queue.dataPath());
        assertEquals(100L * 1024 * 1024, queue.maxBytesPerFile());
        assertEquals(26, queue.minMsgSize());
        assertEquals(1024 * 1024 + 26, queue.maxMsgSize());
        assertEquals(2500, queue.syncEvery());
        assertEquals(Duration.ofSeconds(2), queue.syncTimeout());
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
        assertThrows(IllegalArgumentException.class, () -> DiskQueueConfig.builder("", dir).build());
        assertThrows(IllegalArgumentException.class, () -> DiskQueueConfig.builder("q", dir).maxBytesPerFile(0).build());
        assertThrows(IllegalArgumentException.class, () -> DiskQueueConfig.builder("q", dir).syncEvery(0).build());
        assertThrows(IllegalArgumentException.class, () -> DiskQueueConfig.builder("q", dir).syncTimeout(Duration.ZERO).build());
    }

    @Test
    void aSwappedRecordSizeRangeFailsValidation() {
        // min and max record sizes are neighbouring ints: set the wrong way round, the build refuses them
        IllegalArgumentException swapped = assertThrows(IllegalArgumentException.class,
                () -> DiskQueueConfig.builder("q", Path.of("data")).minMsgSize(1024 * 1024 + 26).maxMsgSize(26).build());
        assertEquals("invalid record size range [1048602, 26]", swapped.getMessage());
    }
}
