package io.jnsq.broker.deferral;

import io.jnsq.broker.queue.DiskQueueConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeferredStoreTest {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    @TempDir
    Path dir;

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final ExecutorService io = Executors.newFixedThreadPool(2);
    private final ExecutorService handOff = Executors.newSingleThreadExecutor();
    private final List<DeferredStore> opened = new ArrayList<>();

    @AfterEach
    void stop() {
        for (DeferredStore store : opened) {
            try {
                store.close();
            } catch (IOException | RuntimeException ignored) {
                // a test may have deleted it
            }
        }
        scheduler.shutdownNow();
        io.shutdownNow();
        handOff.shutdownNow();
    }

    /** A sink that keeps what it is given, with the time it was given it. */
    private static final class Received implements DeferredStore.DueSink {
        final List<String> payloads = Collections.synchronizedList(new ArrayList<>());
        final List<Long> atNanos = Collections.synchronizedList(new ArrayList<>());
        final AtomicBoolean refusing = new AtomicBoolean();

        @Override
        public CompletableFuture<Void> accept(List<byte[]> records) {
            if (refusing.get()) {
                return CompletableFuture.failedFuture(new IOException("refused"));
            }
            long now = System.nanoTime();
            for (byte[] record : records) {
                payloads.add(new String(record, StandardCharsets.UTF_8));
                atNanos.add(now);
            }
            return CompletableFuture.completedFuture(null);
        }
    }

    private DeferredStore open(DeferredStore.DueSink sink, long maxBytesPerFile) {
        DeferredStore store = new DeferredStore(DiskQueueConfig.builder("t:c", dir).maxBytesPerFile(maxBytesPerFile).maxMsgSize(1024).syncEvery(1).build(),
                scheduler, io, handOff, sink);
        opened.add(store);
        store.opened().join();
        return store;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** What the broker's scanner does every 100 ms. */
    private static void scanUntil(DeferredStore store, java.util.concurrent.Callable<Boolean> done) {
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(() -> {
            store.releaseDue(System.nanoTime());
            return done.call();
        });
    }

    @Test
    void handsEachPayloadOverOnceDueAndNeverBefore() {
        Received sink = new Received();
        DeferredStore store = open(sink, 1 << 20);
        long start = System.nanoTime();
        long[] delays = {300_000_000L, 100_000_000L, 500_000_000L, 0};
        for (int i = 0; i < delays.length; i++) {
            store.add(bytes("m" + i), start + delays[i]).join();
        }
        assertEquals(4, store.size());
        scanUntil(store, () -> sink.payloads.size() == 4);
        assertEquals(List.of("m3", "m1", "m0", "m2"), sink.payloads);
        for (int i = 0; i < 4; i++) {
            int index = Integer.parseInt(sink.payloads.get(i).substring(1));
            assertTrue(sink.atNanos.get(i) - (start + delays[index]) >= 0, "m" + index + " early");
        }
        await().until(() -> store.size() == 0);
    }

    @Test
    void whatWasNotReleasedComesBackAfterACrashWithItsDueTime() throws Exception {
        Received first = new Received();
        DeferredStore crashed = open(first, 1 << 20);
        long now = System.nanoTime();
        crashed.add(bytes("soon"), now).join();
        crashed.add(bytes("later"), now + 2 * SECOND).join();
        crashed.add(bytes("much later"), now + 3600 * SECOND).join();
        scanUntil(crashed, () -> first.payloads.contains("soon"));
        await().until(() -> crashed.size() == 2); // "soon" stored by the sink, its record marked released
        opened.remove(crashed); // no close: as after kill -9 (its writes were done; the files stay as they are)

        Received second = new Received();
        DeferredStore restarted = open(second, 1 << 20);
        assertEquals(2, restarted.size());
        restarted.releaseDue(System.nanoTime());
        long afterRestart = System.nanoTime();
        scanUntil(restarted, () -> second.payloads.contains("later"));
        assertEquals(List.of("later"), second.payloads, "released records stay released");
        assertTrue(second.atNanos.get(0) - (now + 2 * SECOND) >= 0, "not early after the restart");
        assertTrue(second.atNanos.get(0) - afterRestart < 5 * SECOND);
        assertEquals(1, restarted.size());
    }

    @Test
    void filesGoOnceEveryRecordInThemIsReleased() throws Exception {
        Received sink = new Received();
        DeferredStore store = open(sink, 100); // three records per file
        long now = System.nanoTime();
        for (int i = 0; i < 20; i++) {
            store.add(bytes("message-" + i), now + i * 1_000_000L).join();
        }
        assertTrue(dataFiles().size() >= 5, dataFiles().toString());
        scanUntil(store, () -> sink.payloads.size() == 20);
        await().until(() -> dataFiles().size() <= 1); // the file being written stays until it is rolled
        store.close();
        opened.remove(store);
        DeferredStore reopened = open(new Received(), 100);
        assertEquals(0, reopened.size());
    }

    @Test
    void aRecordCutShortAtTheEndIsNotAMessage() throws Exception {
        DeferredStore store = open(new Received(), 1 << 20);
        store.add(bytes("whole"), System.nanoTime() + 3600 * SECOND).join();
        store.close();
        opened.remove(store);
        Path file = dataFiles().get(0);
        ByteBuffer torn = ByteBuffer.allocate(10).putInt(200).put((byte) 0).putInt(12345).put((byte) 1);
        Files.write(file, torn.array(), StandardOpenOption.APPEND);

        DeferredStore reopened = open(new Received(), 1 << 20);
        assertEquals(1, reopened.size());
        reopened.add(bytes("next"), System.nanoTime() + 3600 * SECOND).join();
        assertEquals(2, reopened.size());
        assertEquals(2, dataFiles().size(), "new records go to a new file, after the torn one");
    }

    @Test
    void aPayloadTheSinkRefusesIsOfferedAgainASecondLater() {
        Received sink = new Received();
        sink.refusing.set(true);
        DeferredStore store = open(sink, 1 << 20);
        store.add(bytes("retried"), System.nanoTime()).join();
        store.releaseDue(System.nanoTime());
        await().pollDelay(Duration.ofMillis(200)).until(() -> store.size() == 1);
        sink.refusing.set(false);
        long allowed = System.nanoTime();
        scanUntil(store, () -> sink.payloads.contains("retried"));
        assertTrue(sink.atNanos.get(0) - allowed < 3 * SECOND);
    }

    @Test
    void emptyAndDeleteRemoveEveryFile() throws Exception {
        DeferredStore store = open(new Received(), 100);
        for (int i = 0; i < 10; i++) {
            store.add(bytes("m" + i), System.nanoTime() + 3600 * SECOND).join();
        }
        store.empty().join();
        assertEquals(0, store.size());
        assertEquals(List.of(), dataFiles());
        store.add(bytes("after"), System.nanoTime() + 3600 * SECOND).join();
        assertEquals(1, store.size());
        store.delete().join();
        assertEquals(List.of(), dataFiles());
    }

    @Test
    void aFileThatIsNotOursIsSetAside() throws Exception {
        Files.write(dir.resolve("t:c.deferred.000003.dat"), bytes("not a deferred-message file"));
        DeferredStore store = open(new Received(), 1 << 20);
        assertEquals(0, store.size());
        assertTrue(Files.exists(dir.resolve("t:c.deferred.000003.dat.bad")));
        store.add(bytes("x"), System.nanoTime()).join();
        assertTrue(Files.exists(dir.resolve("t:c.deferred.000004.dat")));
    }

    @Test
    void tooLargeAPayloadIsRefused() {
        DeferredStore store = open(new Received(), 1 << 20);
        CompletableFuture<Void> refused = store.add(new byte[1025], System.nanoTime());
        assertTrue(refused.isCompletedExceptionally());
        assertEquals(0, store.size());
    }

    @Test
    void theQueuesWithFilesAreFound() throws Exception {
        DeferredStore store = open(new Received(), 1 << 20);
        store.add(bytes("x"), System.nanoTime() + SECOND).join();
        Files.write(dir.resolve("a.deferred.000001.dat.diskqueue.000000.dat"), bytes("a topic's disk queue"));
        assertEquals(java.util.Set.of("t:c"), DeferredStore.queuesWithFiles(dir));
        assertFalse(DeferredStore.queuesWithFiles(dir.resolve("absent")).iterator().hasNext());
    }

    private List<Path> dataFiles() throws IOException {
        try (var files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().matches("t:c\\.deferred\\.\\d{6}\\.dat")).sorted().toList();
        }
    }
}
