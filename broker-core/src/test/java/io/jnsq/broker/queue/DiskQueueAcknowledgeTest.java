package io.jnsq.broker.queue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Taken records stay on disk until acknowledged, so a restart (or crash) reads them again. */
class DiskQueueAcknowledgeTest {

    @TempDir
    Path dataPath;
    private ScheduledExecutorService scheduler;
    private final List<SyncQueue> opened = new ArrayList<>();

    @BeforeEach
    void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor();
    }

    @AfterEach
    void stop() throws Exception {
        for (SyncQueue queue : opened) {
            queue.close();
        }
        scheduler.shutdownNow();
    }

    private SyncQueue open(long maxBytesPerFile) {
        SyncQueue queue = SyncQueue.open(DiskQueueConfig.builder("acks", dataPath).maxBytesPerFile(maxBytesPerFile)
                .minMsgSize(1).maxMsgSize(1000).syncEvery(1).syncTimeout(Duration.ofSeconds(60)).build(), scheduler, scheduler);
        opened.add(queue);
        return queue;
    }

    private static byte[] record(int i) {
        return new byte[]{(byte) i, (byte) (i >> 8), 7, 7, 7, 7};
    }

    @Test
    void takenButUnacknowledgedRecordsAreReadAgainAfterARestart() throws Exception {
        SyncQueue queue = open(1 << 20);
        for (int i = 0; i < 3; i++) {
            queue.put(record(i));
        }
        BackendQueue.Taken first = queue.take();
        BackendQueue.Taken second = queue.take();
        queue.acknowledge(second.token());
        assertEquals(1, queue.depth(), "depth counts what has not been taken");
        assertEquals(new DiskQueueMeta(3, 0, 0, 0, 30), queue.snapshot(), "committed before the first unacknowledged");
        queue.close();

        SyncQueue reopened = open(1 << 20);
        assertEquals(3, reopened.depth());
        assertArrayEquals(first.record(), reopened.poll());
        assertArrayEquals(second.record(), reopened.poll(), "acknowledged out of order: read again too");
        assertArrayEquals(record(2), reopened.poll());
        assertNull(reopened.poll());
    }

    @Test
    void acknowledgingTheOldestCommitsPastEveryAcknowledgedRecordAfterIt() throws Exception {
        SyncQueue queue = open(1 << 20);
        List<BackendQueue.Taken> taken = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            queue.put(record(i));
        }
        for (int i = 0; i < 4; i++) {
            taken.add(queue.take());
        }
        queue.acknowledge(taken.get(2).token());
        queue.acknowledge(taken.get(1).token());
        queue.acknowledge(taken.get(0).token());
        assertEquals(new DiskQueueMeta(1, 0, 30, 0, 40), queue.snapshot());
        queue.acknowledge(taken.get(3).token());
        queue.acknowledge(taken.get(3).token());
        queue.acknowledge(999);
        assertEquals(new DiskQueueMeta(0, 0, 40, 0, 40), queue.snapshot());
    }

    @Test
    void aFileIsKeptWhileARecordInItIsOutstanding() throws Exception {
        SyncQueue queue = open(20); // two 10-byte records per file
        for (int i = 0; i < 6; i++) {
            queue.put(record(i));
        }
        BackendQueue.Taken first = queue.take();
        for (int i = 1; i < 6; i++) {
            queue.acknowledge(queue.take().token());
        }
        Path firstFile = dataPath.resolve("acks.diskqueue.000000.dat");
        assertTrue(Files.exists(firstFile), "holds the unacknowledged first record");
        queue.acknowledge(first.token());
        assertFalse(Files.exists(firstFile));
        assertFalse(Files.exists(dataPath.resolve("acks.diskqueue.000001.dat")));
    }

    @Test
    void emptyForgetsOutstandingRecords() throws Exception {
        SyncQueue queue = open(1 << 20);
        queue.put(record(1));
        BackendQueue.Taken taken = queue.take();
        queue.empty();
        queue.acknowledge(taken.token());
        queue.close();
        assertNull(open(1 << 20).poll());
    }

    @Test
    void aBatchSpanningARollLandsAsSinglePutsWould() throws Exception {
        SyncQueue queue = open(20); // two 10-byte records per file
        List<byte[]> batch = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            batch.add(record(i));
        }
        queue.putAll(batch);
        assertEquals(new DiskQueueMeta(5, 0, 0, 2, 10), queue.snapshot());
        for (int i = 0; i < 5; i++) {
            assertArrayEquals(record(i), queue.poll());
        }
        assertNull(queue.poll());
    }
}
