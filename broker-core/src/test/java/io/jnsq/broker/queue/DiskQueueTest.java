package io.jnsq.broker.queue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DiskQueueTest {

    private static final Duration NEVER = Duration.ofHours(1);

    @TempDir
    Path dir;

    private ScheduledExecutorService scheduler;
    private final List<SyncQueue> opened = new ArrayList<>();

    @BeforeEach
    void startScheduler() {
        scheduler = Executors.newSingleThreadScheduledExecutor();
    }

    @AfterEach
    void closeQueues() throws IOException {
        for (SyncQueue queue : opened) {
            queue.close();
        }
        scheduler.shutdownNow();
    }

    @Test
    void deliversRecordsInOrderAndCountsDepth() throws IOException {
        SyncQueue queue = open(queue("topic:channel").maxBytesPerFile(1 << 20).build());

        for (int i = 0; i < 100; i++) {
            queue.put(record(26 + i, i));
            assertEquals(i + 1, queue.depth());
        }
        assertTrue(Files.exists(dir.resolve("topic:channel.diskqueue.000000.dat")));
        for (int i = 0; i < 100; i++) {
            assertArrayEquals(record(26 + i, i), queue.poll());
            assertEquals(99 - i, queue.depth());
        }
        assertNull(queue.poll());
    }

    @Test
    void reopenedQueueResumesInsideAHalfReadFile() throws IOException {
        DiskQueueConfig config = queue("resume").maxBytesPerFile(10 * 34).build();
        SyncQueue first = open(config);
        for (int i = 0; i < 25; i++) {
            first.put(record(30, i));
        }
        for (int i = 0; i < 13; i++) {
            assertArrayEquals(record(30, i), first.poll());
        }
        first.close();
        assertEquals("12\n1,102\n2,170\n", readMeta("resume"));

        SyncQueue second = open(config);
        assertEquals(12, second.depth());
        second.put(record(30, 25));
        assertEquals(new DiskQueueMeta(13, 1, 102, 2, 204), second.snapshot());
        for (int i = 13; i < 26; i++) {
            assertArrayEquals(record(30, i), second.poll());
        }
        assertNull(second.poll());
        assertEquals(0, second.depth());
    }

    /** go-diskqueue TestDiskQueueRoll: the file rolls before a record would take it past the limit. */
    @Test
    void rollsBeforeExceedingMaxBytesPerFileAndDeletesReadFiles() throws IOException {
        byte[] body = {1, 2, 3, 4, 5, 6, 7, 8, 9, 0};
        SyncQueue queue = open(queue("roll").maxBytesPerFile(10 * 14).minMsgSize(10).build());

        for (int i = 0; i < 11; i++) {
            queue.put(body);
            assertEquals(i + 1, queue.depth());
        }
        DiskQueueMeta state = queue.snapshot();
        assertEquals(1, state.writeFileNum());
        assertEquals(14, state.writePos());
        assertEquals(140, Files.size(dataFile("roll", 0)));

        for (int i = 11; i > 1; i--) {
            assertArrayEquals(body, queue.poll());
            assertEquals(i - 1, queue.depth());
        }
        assertFalse(Files.exists(dataFile("roll", 0)), "a fully read file is deleted");
        assertArrayEquals(body, queue.poll());
        assertEquals(0, queue.depth());
        assertTrue(Files.exists(dataFile("roll", 1)), "the write file stays");
    }

    @Test
    void closingAnEmptyQueueWritesEmptyMetadata() throws IOException {
        open(queue("fresh").maxBytesPerFile(1 << 20).build()).close();

        assertEquals("0\n0,0\n0,0\n", readMeta("fresh"));
        assertEquals(List.of("fresh.diskqueue.meta.dat"), listDir());
    }

    /** go-diskqueue TestDiskQueueSyncAfterRead: the periodic sync persists reads as well as writes. */
    @Test
    void periodicSyncPersistsWritesAndReads() throws IOException {
        SyncQueue queue = open(queue("sync_after_read").maxBytesPerFile(1 << 11).minMsgSize(0).syncTimeout(Duration.ofMillis(50)).build());
        byte[] body = new byte[1000];

        queue.put(body);
        await().atMost(Duration.ofSeconds(5)).until(() -> "1\n0,0\n0,1004\n".equals(readMetaIfPresent("sync_after_read")));

        queue.put(body);
        assertNotNull(queue.poll());
        await().atMost(Duration.ofSeconds(5)).until(() -> "1\n0,1004\n0,2008\n".equals(readMetaIfPresent("sync_after_read")));
    }

    @Test
    void syncEveryOnePutsRecordOnDiskBeforePutReturnsAndMetadataSoonAfter() throws IOException {
        SyncQueue queue = open(queue("durable").maxBytesPerFile(1 << 20).syncEvery(1).build());

        for (int i = 1; i <= 3; i++) {
            queue.put(record(30, i));
            assertEquals(34L * i, Files.size(dataFile("durable", 0)));
            String expected = i + "\n0,0\n0," + 34 * i + "\n";
            await().until(() -> readMeta("durable").equals(expected)); // within the meta interval
        }
        queue.poll();
        await().until(() -> readMeta("durable").equals("2\n0,34\n0,102\n")); // acknowledgements count towards syncEvery too
    }

    /**
     * Adapted from go-diskqueue TestDiskQueueCorruption. Files are damaged before anything is taken:
     * records the queue has read ahead are in memory, and delivered whatever happens to their file.
     */
    @Test
    void corruptFilesAreSetAsideAndLaterRecordsStillDelivered() throws IOException {
        DiskQueueConfig config = queue("corruption").maxBytesPerFile(1000).minMsgSize(10).syncEvery(5).build();
        SyncQueue queue = open(config);
        byte[] body = new byte[120]; // 124 bytes a record, 8 records (992 bytes) a file
        body[0] = 91;
        body[62] = 4;
        body[119] = (byte) 211;
        for (int i = 0; i < 25; i++) {
            queue.put(body);
        }
        assertEquals(25, queue.depth());

        // a complete file cut short: 3 readable records, the rest of the file is lost;
        // the file being written cut short: writing moves on to a new file, the lost record fixes depth
        truncate(dataFile("corruption", 1), 400);
        truncate(dataFile("corruption", 3), 100);
        for (int i = 0; i < 19; i++) {
            assertArrayEquals(body, queue.poll(), "record " + i);
        }
        assertNull(queue.poll());
        assertTrue(Files.exists(badFile("corruption", 1)));
        assertTrue(Files.exists(badFile("corruption", 3)));
        assertEquals(0, queue.depth());
        queue.put(body);
        assertArrayEquals(body, queue.poll());

        // a zero-length record in the file being written, found after a restart
        queue.put(body);
        queue.put(body);
        queue.close();
        overwrite(dataFile("corruption", 4), 2 * 124, new byte[4]);
        SyncQueue reopened = open(config);
        assertArrayEquals(body, reopened.poll());
        assertNull(reopened.poll());
        assertTrue(Files.exists(badFile("corruption", 4)));
        assertEquals(0, reopened.depth());

        reopened.put(body);
        assertArrayEquals(body, reopened.poll());
        assertNull(reopened.poll());
        assertEquals(0, reopened.depth());
        assertEquals(3, badFiles().size());
    }

    @Test
    void recordsLargerThanALoweredMaxMsgSizeAreCorruption() throws IOException {
        SyncQueue before = open(queue("lowered").maxBytesPerFile(1000).minMsgSize(10).build());
        for (int i = 0; i < 6; i++) {
            before.put(record(200, i)); // 4 records a file: files 0 and 1
        }
        before.close();

        SyncQueue after = open(queue("lowered").maxBytesPerFile(1000).minMsgSize(10).maxMsgSize(100).build());
        assertNull(after.poll());
        assertEquals(0, after.depth());
        assertTrue(Files.exists(badFile("lowered", 0)));
        assertTrue(Files.exists(badFile("lowered", 1)));

        after.put(record(50, 7));
        assertArrayEquals(record(50, 7), after.poll());
        assertEquals(2, after.snapshot().writeFileNum(), "writing left the bad write file");
    }

    /** go-diskqueue TestDiskQueueResize: files written under another limit are read to their end. */
    @Test
    void changingMaxBytesPerFileAcrossRestartsReadsOldFilesCompletely() throws IOException {
        SyncQueue small = open(queue("resize").maxBytesPerFile(8 * 14).minMsgSize(10).build());
        for (int i = 0; i < 9; i++) {
            small.put(record(10, i));
        }
        assertEquals(new DiskQueueMeta(9, 0, 0, 1, 14), small.snapshot());
        small.close();

        SyncQueue large = open(queue("resize").maxBytesPerFile(10 * 14).minMsgSize(10).build());
        for (int i = 20; i < 30; i++) {
            large.put(record(10, i));
        }
        assertEquals(new DiskQueueMeta(19, 0, 0, 2, 14), large.snapshot());
        for (int i = 0; i < 9; i++) {
            assertArrayEquals(record(10, i), large.poll());
        }
        for (int i = 20; i < 30; i++) {
            assertArrayEquals(record(10, i), large.poll());
        }
        assertEquals(0, large.depth());
        assertEquals(List.of(), badFiles());
    }

    /** go-diskqueue issue #42: a reader that has caught up when the writer rolls must not see an EOF. */
    @Test
    void readerKeepingUpWithRollingWriterLeavesNoBadFiles() throws IOException {
        SyncQueue queue = open(queue("keep_up").maxBytesPerFile(3 * 34).build());

        for (int i = 0; i < 20; i++) {
            queue.put(record(30, i));
            assertArrayEquals(record(30, i), queue.poll());
        }
        assertNull(queue.poll());
        assertEquals(List.of(), badFiles());
        assertEquals(List.of(dataFile("keep_up", 6).getFileName().toString(), "keep_up.diskqueue.meta.dat"),
                listDir(), "only the write file and the meta file are left");
    }

    @Test
    void recordsWrittenAfterTheLastSyncAreSalvagedOnRestart() throws IOException {
        DiskQueueConfig config = queue("crash").maxBytesPerFile(1 << 20).syncEvery(1).build();
        SyncQueue before = open(config);
        before.put(record(30, 1));
        before.close();
        // a record that reached the file but not the metadata, as after a crash between write and sync
        Files.write(dataFile("crash", 0), ByteBuffer.allocate(34).putInt(30).put(record(30, 2)).array(),
                StandardOpenOption.APPEND);

        SyncQueue after = open(config);
        assertEquals(new DiskQueueMeta(2, 0, 0, 1, 0), after.snapshot(),
                "writing skips to a new file, and the salvaged record is counted");
        after.put(record(30, 3));
        for (int i = 1; i <= 3; i++) {
            assertArrayEquals(record(30, i), after.poll());
        }
        assertNull(after.poll());
        assertEquals(0, after.depth());
        assertEquals(List.of(), badFiles());
    }

    @Test
    void recordsOfInvalidSizeAreRefused() throws IOException {
        SyncQueue queue = open(queue("sizes").maxBytesPerFile(1 << 20).maxMsgSize(1024 + 26).build());

        IOException tooSmall = assertThrows(IOException.class, () -> queue.put(new byte[25]));
        assertEquals("invalid message write size (25) minMsgSize=26 maxMsgSize=1050", tooSmall.getMessage());
        IOException tooLarge = assertThrows(IOException.class, () -> queue.put(new byte[1051]));
        assertEquals("invalid message write size (1051) minMsgSize=26 maxMsgSize=1050", tooLarge.getMessage());
        assertEquals(0, queue.depth());

        queue.put(new byte[26]);
        queue.put(new byte[1050]);
        assertEquals(26, queue.poll().length);
        assertEquals(1050, queue.poll().length);
    }

    @Test
    void unwritableDirectoryFailsPutUntilItIsWritableAgain() throws IOException {
        Path data = Files.createDirectory(dir.resolve("data"));
        SyncQueue queue = open(queue(data, "blocked").maxBytesPerFile(1 << 20).build());

        try (BlockedDirectory blocked = BlockedDirectory.block(data)) {
            assertThrows(IOException.class, () -> queue.put(record(30, 1)));
        }
        assertEquals(0, queue.depth());
        queue.put(record(30, 2));
        assertArrayEquals(record(30, 2), queue.poll());
    }

    @Test
    void failedRollLeavesTheQueueUsable() throws IOException {
        Path data = Files.createDirectory(dir.resolve("data"));
        SyncQueue queue = open(queue(data, "blocked_roll").maxBytesPerFile(3 * 34).build());
        for (int i = 0; i < 3; i++) {
            queue.put(record(30, i));
        }

        try (BlockedDirectory blocked = BlockedDirectory.block(data)) {
            assertThrows(IOException.class, () -> queue.put(record(30, 99)), "the next file cannot be created");
        }
        queue.put(record(30, 3));
        for (int i = 0; i < 4; i++) {
            assertArrayEquals(record(30, i), queue.poll());
        }
        assertNull(queue.poll());
        assertEquals(0, queue.depth());
        assertEquals(List.of(), badFiles());
    }

    @Test
    void concurrentWritersAndAReaderLoseAndRepeatNothing() throws Exception {
        int writers = 4;
        int perWriter = 10_000;
        SyncQueue queue = open(queue("torture").maxBytesPerFile(64 * 1024).syncTimeout(Duration.ofMillis(20)).build());
        ExecutorService threads = Executors.newFixedThreadPool(writers + 1);
        try {
            List<Future<?>> writing = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                writing.add(threads.submit(() -> {
                    for (int seq = 0; seq < perWriter; seq++) {
                        queue.queue.append(List.of(ByteBuffer.allocate(26).putInt(writer).putInt(seq).array())).join();
                    }
                    return null;
                }));
            }
            Future<int[]> reading = threads.submit(() -> {
                int[] nextSeq = new int[writers];
                for (int received = 0; received < writers * perWriter; ) {
                    BackendQueue.Taken taken = queue.queue.take();
                    if (taken == null) {
                        Thread.yield();
                        continue;
                    }
                    queue.queue.acknowledge(taken.token());
                    ByteBuffer fields = ByteBuffer.wrap(taken.record());
                    int writer = fields.getInt();
                    assertEquals(nextSeq[writer]++, fields.getInt(), "writer " + writer + " out of order");
                    received++;
                }
                return nextSeq;
            });
            for (Future<?> done : writing) {
                done.get(20, TimeUnit.SECONDS);
            }
            int[] counts = reading.get(20, TimeUnit.SECONDS);
            assertArrayEquals(new int[] {perWriter, perWriter, perWriter, perWriter}, counts);
        } finally {
            threads.shutdownNow();
        }
        assertNull(queue.poll());
        assertEquals(0, queue.depth());
        assertEquals(List.of(), badFiles());
    }

    @Test
    void recordsLargerThanTheReadBufferRoundTrip() throws IOException {
        SyncQueue queue = open(queue("large").maxBytesPerFile(1 << 20).maxMsgSize(1 << 20).build());
        int[] sizes = {30, 100_000, 40, 16 * 1024, 16 * 1024 + 1, 500_000, 26};

        for (int i = 0; i < sizes.length; i++) {
            queue.put(record(sizes[i], i));
        }
        for (int i = 0; i < sizes.length; i++) {
            assertArrayEquals(record(sizes[i], i), queue.poll(), "record " + i);
        }
        assertNull(queue.poll());
    }

    /** go-diskqueue TestDiskQueueEmpty. */
    @Test
    void emptyDeletesDataAndMetaFilesAndStartsOver() throws IOException {
        SyncQueue queue = open(queue("empty").maxBytesPerFile(100).minMsgSize(0).build());
        for (int i = 0; i < 100; i++) {
            queue.put(new byte[10]);
        }
        for (int i = 0; i < 3; i++) {
            queue.poll();
        }
        assertEquals(97, queue.depth());
        assertTrue(Files.exists(metaFile("empty")), "rolls have synced the metadata");

        queue.empty();
        assertEquals(List.of(), listDir());
        assertEquals(0, queue.depth());
        DiskQueueMeta state = queue.snapshot();
        assertEquals(state.writeFileNum(), state.readFileNum());
        assertEquals(state.writePos(), state.readPos());

        for (int i = 0; i < 100; i++) {
            queue.put(new byte[10]);
            assertEquals(i + 1, queue.depth());
        }
        for (int i = 0; i < 100; i++) {
            assertNotNull(queue.poll());
        }
        assertEquals(0, queue.depth());
        state = queue.snapshot();
        assertEquals(state.writeFileNum(), state.readFileNum());
        assertEquals(state.writePos(), state.readPos());
    }

    @Test
    void deleteRemovesEveryFileButKeepsBadOnesAsEvidence() throws IOException {
        SyncQueue queue = open(queue("doomed").maxBytesPerFile(3 * 34).build());
        SyncQueue neighbour = open(queue("doomed_not").maxBytesPerFile(1 << 20).syncEvery(1).build());
        neighbour.put(record(30, 0));
        for (int i = 0; i < 10; i++) {
            queue.put(record(30, i));
        }
        truncate(dataFile("doomed", 0), 20);
        assertArrayEquals(record(30, 3), queue.poll(), "file 0 is set aside as bad");

        queue.delete();
        assertEquals(List.of("doomed.diskqueue.000000.dat.bad", "doomed_not.diskqueue.000000.dat",
                "doomed_not.diskqueue.meta.dat"), listDir());
        IOException exiting = assertThrows(IOException.class, () -> queue.put(record(30, 11)));
        assertEquals("exiting", exiting.getMessage());
        assertNull(queue.poll());
    }

    @Test
    void closedQueueRefusesWorkAndClosingAgainIsHarmless() throws IOException {
        SyncQueue queue = open(queue("closed").maxBytesPerFile(1 << 20).build());
        queue.put(record(30, 1));
        queue.close();

        assertEquals("exiting", assertThrows(IOException.class, () -> queue.put(record(30, 2))).getMessage());
        assertThrows(IOException.class, queue::empty);
        assertNull(queue.poll());
        queue.close();
        assertEquals("1\n0,0\n0,34\n", readMeta("closed"));
    }

    @Test
    void unreadableMetadataStartsAnEmptyQueue() throws IOException {
        Files.writeString(metaFile("garbled"), "not metadata");

        SyncQueue queue = open(queue("garbled").maxBytesPerFile(1 << 20).build());
        assertEquals(0, queue.depth());
        queue.put(record(30, 1));
        assertArrayEquals(record(30, 1), queue.poll());
    }

    @Test
    void filesAreReadableAndWritableByTheOwnerOnly() throws IOException {
        if (!dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        SyncQueue queue = open(queue("private").maxBytesPerFile(1 << 20).syncEvery(1).build());
        queue.put(record(30, 1));

        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dataFile("private", 0))));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(metaFile("private"))));
    }

    /** nsqd keeps its read file open: deleting the data path does not take away what is on disk. */
    @Test
    void recordsOnDiskAreStillReadAfterTheirDirectoryIsDeleted() throws IOException {
        Path doomed = Files.createDirectory(dir.resolve("doomed"));
        SyncQueue queue = SyncQueue.open(queue(doomed, "gone").maxBytesPerFile(1 << 20).build(), scheduler, scheduler);
        for (int i = 0; i < 100; i++) {
            queue.put(record(40, i));
        }
        deleteRecursively(doomed);

        for (int i = 0; i < 100; i++) {
            BackendQueue.Taken taken = queue.take();
            assertNotNull(taken, "record " + i);
            assertArrayEquals(record(40, i), taken.record());
            queue.acknowledge(taken.token());
        }
        assertNull(queue.take());
        assertEquals(0, queue.depth());
        assertThrows(IOException.class, queue::close, "the meta file has nowhere to go");
    }

    /** A data file that is not there is missing, not corrupt: nothing is renamed, nothing is forgotten. */
    @Test
    void aMissingReadFileKeepsItsRecordsUntilItIsBack() throws IOException {
        DiskQueueConfig config = queue("away").maxBytesPerFile(1 << 20).build();
        SyncQueue first = SyncQueue.open(config, scheduler, scheduler);
        for (int i = 0; i < 10; i++) {
            first.put(record(30, i));
        }
        first.close();
        Path saved = dir.resolve("saved.dat");
        Files.move(dataFile("away", 0), saved);

        SyncQueue reopened = open(config);
        assertNull(reopened.take());
        assertNull(reopened.take());
        assertEquals(10, reopened.depth(), "the depth is not reset");
        assertEquals(List.of(), badFiles());
        assertEquals("10\n0,0\n0,340\n", readMeta("away"));

        Files.move(saved, dataFile("away", 0));
        for (int i = 0; i < 10; i++) {
            assertArrayEquals(record(30, i), reopened.poll());
        }
        assertEquals(0, reopened.depth());
    }

    /** Once later files exist the missing one is not coming back: its records are given up, the rest read. */
    @Test
    void aMissingReadFileIsSkippedWhenLaterFilesExist() throws IOException {
        DiskQueueConfig config = queue("hole").maxBytesPerFile(10 * 34).build();
        SyncQueue first = SyncQueue.open(config, scheduler, scheduler);
        for (int i = 0; i < 25; i++) {
            first.put(record(30, i));
        }
        first.close();
        Files.delete(dataFile("hole", 0));

        SyncQueue reopened = open(config);
        for (int i = 10; i < 25; i++) {
            assertArrayEquals(record(30, i), reopened.poll());
        }
        assertNull(reopened.poll());
        assertEquals(List.of(), badFiles());
    }

    private static void deleteRecursively(Path directory) throws IOException {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    private SyncQueue open(DiskQueueConfig config) {
        SyncQueue queue = SyncQueue.open(config, scheduler, scheduler);
        opened.add(queue);
        return queue;
    }

    /** A queue under the test's directory: records of 26 bytes to 1 KiB, fsync every 2,500 operations only. */
    private DiskQueueConfig.Builder queue(String name) {
        return queue(dir, name);
    }

    private static DiskQueueConfig.Builder queue(Path dataPath, String name) {
        return DiskQueueConfig.builder(name, dataPath).maxMsgSize(1 << 10).syncTimeout(NEVER);
    }

    /** {@code size} bytes starting with {@code tag}, the rest a pattern derived from it. */
    private static byte[] record(int size, int tag) {
        byte[] record = new byte[size];
        Arrays.fill(record, (byte) (tag * 31 + 7));
        ByteBuffer.wrap(record).putInt(tag);
        return record;
    }

    private Path dataFile(String name, long fileNum) {
        return dir.resolve(String.format("%s.diskqueue.%06d.dat", name, fileNum));
    }

    private Path badFile(String name, long fileNum) {
        return dir.resolve(dataFile(name, fileNum).getFileName() + ".bad");
    }

    private Path metaFile(String name) {
        return dir.resolve(name + ".diskqueue.meta.dat");
    }

    private String readMeta(String name) throws IOException {
        return Files.readString(metaFile(name), StandardCharsets.US_ASCII);
    }

    private String readMetaIfPresent(String name) throws IOException {
        return Files.exists(metaFile(name)) ? readMeta(name) : null;
    }

    private List<String> listDir() throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.map(path -> path.getFileName().toString()).sorted().toList();
        }
    }

    private List<String> badFiles() throws IOException {
        return listDir().stream().filter(name -> name.endsWith(".bad")).toList();
    }

    private static void truncate(Path file, long size) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(size);
        }
    }

    private static void overwrite(Path file, long position, byte[] bytes) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(bytes), position);
        }
    }
}
