package io.jnsq.broker.deferral;

import io.jnsq.broker.ManualTicker;
import io.jnsq.broker.Ticker;
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
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
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
    private static final long MILLI = TimeUnit.MILLISECONDS.toNanos(1);

    @TempDir
    Path dir;

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final ExecutorService io = Executors.newFixedThreadPool(2);
    private final ExecutorService handOff = Executors.newSingleThreadExecutor();
    private final List<DeferredStore> opened = new ArrayList<>();
    /** The stores' time: it moves only when a test advances it, so due times are exact and nothing waits for them. */
    private final ManualTicker clock = new ManualTicker();

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

    /** A sink that keeps what it is given, with the time (its ticker's) it was given it. */
    private static final class Received implements DeferredStore.DueSink {
        final List<String> payloads = Collections.synchronizedList(new ArrayList<>());
        final List<Long> atNanos = Collections.synchronizedList(new ArrayList<>());
        /** While set, hand-offs are held in {@link #held} for the test to complete. */
        final AtomicBoolean holding = new AtomicBoolean();
        final BlockingQueue<CompletableFuture<Void>> held = new LinkedBlockingQueue<>();
        private final Ticker ticker;

        Received(Ticker ticker) {
            this.ticker = ticker;
        }

        @Override
        public CompletableFuture<Void> accept(List<byte[]> records) {
            if (holding.get()) {
                CompletableFuture<Void> stored = new CompletableFuture<>();
                held.add(stored);
                return stored;
            }
            long now = ticker.nanos();
            for (byte[] record : records) {
                payloads.add(new String(record, StandardCharsets.UTF_8));
                atNanos.add(now);
            }
            return CompletableFuture.completedFuture(null);
        }
    }

    private Received received() {
        return new Received(clock);
    }

    private DeferredStore open(DeferredStore.DueSink sink, long maxBytesPerFile) {
        return open(sink, maxBytesPerFile, clock);
    }

    private DeferredStore open(DeferredStore.DueSink sink, long maxBytesPerFile, Ticker ticker) {
        DeferredStore store = new DeferredStore(DiskQueueConfig.builder("t:c", dir).maxBytesPerFile(maxBytesPerFile).maxMsgSize(1024).syncEvery(1).build(),
                scheduler, io, handOff, sink, ticker);
        opened.add(store);
        store.opened().join();
        return store;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** What the broker's scanner does every 100 ms, at {@code ticker}'s time. */
    private static void scanUntil(DeferredStore store, Ticker ticker, java.util.concurrent.Callable<Boolean> done) {
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(() -> {
            store.releaseDue(ticker.nanos());
            return done.call();
        });
    }

    private void scanUntil(DeferredStore store, java.util.concurrent.Callable<Boolean> done) {
        scanUntil(store, clock, done);
    }

    @Test
    void handsEachPayloadOverOnceDueAndNeverBefore() {
        Received sink = received();
        DeferredStore store = open(sink, 1 << 20);
        long start = clock.nanos();
        long[] delays = {300 * MILLI, 100 * MILLI, 500 * MILLI, 0};
        for (int i = 0; i < delays.length; i++) {
            store.add(bytes("m" + i), start + delays[i]).join();
        }
        assertEquals(4, store.size());
        long[] steps = {0, 100 * MILLI, 300 * MILLI, 500 * MILLI};
        for (int step = 0; step < steps.length; step++) {
            clock.advance(Duration.ofNanos(start + steps[step] - clock.nanos()));
            int due = step + 1;
            scanUntil(store, () -> sink.payloads.size() >= due);
        }
        assertEquals(List.of("m3", "m1", "m0", "m2"), sink.payloads);
        for (int i = 0; i < 4; i++) {
            int index = Integer.parseInt(sink.payloads.get(i).substring(1));
            assertEquals(start + delays[index], (long) sink.atNanos.get(i), "m" + index + " handed over when due, not before");
        }
        await().until(() -> store.size() == 0);
    }

    @Test
    void whatWasNotReleasedComesBackAfterACrashWithItsDueTime() throws Exception {
        // real time: the files keep wall-clock due times, converted back to monotonic time on restart
        Received first = new Received(Ticker.SYSTEM);
        DeferredStore crashed = open(first, 1 << 20, Ticker.SYSTEM);
        long now = System.nanoTime();
        crashed.add(bytes("soon"), now).join();
        crashed.add(bytes("later"), now + 300 * MILLI).join();
        crashed.add(bytes("much later"), now + 3600 * SECOND).join();
        scanUntil(crashed, Ticker.SYSTEM, () -> first.payloads.contains("soon"));
        await().until(() -> crashed.size() == 2); // "soon" stored by the sink, its record marked released
        opened.remove(crashed); // no close: as after kill -9 (its writes were done; the files stay as they are)

        Received second = new Received(Ticker.SYSTEM);
        DeferredStore restarted = open(second, 1 << 20, Ticker.SYSTEM);
        assertEquals(2, restarted.size());
        restarted.releaseDue(System.nanoTime());
        long afterRestart = System.nanoTime();
        scanUntil(restarted, Ticker.SYSTEM, () -> second.payloads.contains("later"));
        assertEquals(List.of("later"), second.payloads, "released records stay released");
        assertTrue(second.atNanos.get(0) - (now + 300 * MILLI) >= 0, "not early after the restart");
        assertTrue(second.atNanos.get(0) - afterRestart < 5 * SECOND);
        assertEquals(1, restarted.size());
    }

    @Test
    void filesGoOnceEveryRecordInThemIsReleased() throws Exception {
        Received sink = received();
        DeferredStore store = open(sink, 100); // three records per file
        long now = clock.nanos();
        for (int i = 0; i < 20; i++) {
            store.add(bytes("message-" + i), now + i * 1_000_000L).join();
        }
        assertTrue(dataFiles().size() >= 5, dataFiles().toString());
        clock.advance(Duration.ofMillis(20));
        scanUntil(store, () -> sink.payloads.size() == 20);
        await().until(() -> dataFiles().size() <= 1); // the file being written stays until it is rolled
        store.close();
        opened.remove(store);
        DeferredStore reopened = open(received(), 100);
        assertEquals(0, reopened.size());
    }

    @Test
    void aRecordCutShortAtTheEndIsNotAMessage() throws Exception {
        DeferredStore store = open(received(), 1 << 20);
        store.add(bytes("whole"), clock.nanos() + 3600 * SECOND).join();
        store.close();
        opened.remove(store);
        Path file = dataFiles().get(0);
        ByteBuffer torn = ByteBuffer.allocate(10).putInt(200).put((byte) 0).putInt(12345).put((byte) 1);
        Files.write(file, torn.array(), StandardOpenOption.APPEND);

        DeferredStore reopened = open(received(), 1 << 20);
        assertEquals(1, reopened.size());
        reopened.add(bytes("next"), clock.nanos() + 3600 * SECOND).join();
        assertEquals(2, reopened.size());
        assertEquals(2, dataFiles().size(), "new records go to a new file, after the torn one");
    }

    @Test
    void aPayloadTheSinkRefusesIsOfferedAgainASecondLater() {
        Received sink = received();
        sink.holding.set(true);
        DeferredStore store = open(sink, 1 << 20);
        store.add(bytes("retried"), clock.nanos()).join();
        scanUntil(store, () -> !sink.held.isEmpty());
        sink.holding.set(false);
        long refusedAt = clock.nanos();
        sink.held.remove().completeExceptionally(new IOException("refused")); // the store takes it back on this thread

        clock.advance(Duration.ofMillis(999));
        store.releaseDue(clock.nanos()); // not yet: a second after the refusal
        clock.advance(Duration.ofMillis(1));
        scanUntil(store, () -> sink.payloads.contains("retried"));
        assertEquals(refusedAt + SECOND, (long) sink.atNanos.get(0));
    }

    @Test
    void emptyAndDeleteRemoveEveryFile() throws Exception {
        DeferredStore store = open(received(), 100);
        for (int i = 0; i < 10; i++) {
            store.add(bytes("m" + i), clock.nanos() + 3600 * SECOND).join();
        }
        store.empty().join();
        assertEquals(0, store.size());
        assertEquals(List.of(), dataFiles());
        store.add(bytes("after"), clock.nanos() + 3600 * SECOND).join();
        assertEquals(1, store.size());
        store.delete().join();
        assertEquals(List.of(), dataFiles());
    }

    @Test
    void aFileThatIsNotOursIsSetAside() throws Exception {
        Files.write(dir.resolve("t:c.deferred.000003.dat"), bytes("not a deferred-message file"));
        DeferredStore store = open(received(), 1 << 20);
        assertEquals(0, store.size());
        assertTrue(Files.exists(dir.resolve("t:c.deferred.000003.dat.bad")));
        store.add(bytes("x"), clock.nanos()).join();
        assertTrue(Files.exists(dir.resolve("t:c.deferred.000004.dat")));
    }

    @Test
    void tooLargeAPayloadIsRefused() {
        DeferredStore store = open(received(), 1 << 20);
        CompletableFuture<Void> refused = store.add(new byte[1025], clock.nanos());
        assertTrue(refused.isCompletedExceptionally());
        assertEquals(0, store.size());
    }

    @Test
    void theQueuesWithFilesAreFound() throws Exception {
        DeferredStore store = open(received(), 1 << 20);
        store.add(bytes("x"), clock.nanos() + SECOND).join();
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
