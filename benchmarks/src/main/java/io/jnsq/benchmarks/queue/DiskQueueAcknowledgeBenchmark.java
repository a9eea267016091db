package io.jnsq.benchmarks.queue;

import io.jnsq.broker.queue.BackendQueue;
import io.jnsq.broker.queue.DiskQueue;
import io.jnsq.broker.queue.DiskQueueConfig;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Acknowledging every one of {@code outstanding} records taken from a disk queue, in random order (a
 * consumer's FINs, with deferred REQs and slow messages in the mix). One invocation acknowledges all of
 * them: the score divided by {@code outstanding} is the time per acknowledgement, which must not grow
 * with the number outstanding. Disk work (syncs, file deletion) runs on the queue's own thread meanwhile,
 * with nsqd's default sync policy.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class DiskQueueAcknowledgeBenchmark {

    private static final int RECORD_BYTES = 26 + 100;
    private static final int BATCH = 10_000;

    @Param({"10000", "100000", "1000000"})
    public int outstanding;

    private ScheduledExecutorService scheduler;
    private ExecutorService io;
    private Path dataPath;
    private DiskQueue queue;
    private long[] tokens;

    @Setup(Level.Trial)
    public void startThreads() {
        scheduler = Executors.newSingleThreadScheduledExecutor();
        io = Executors.newFixedThreadPool(2);
    }

    @Setup(Level.Invocation)
    public void takeEverything() throws IOException {
        dataPath = Files.createTempDirectory("ack-bench");
        queue = new DiskQueue(DiskQueueConfig.builder("ack", dataPath).maxMsgSize(RECORD_BYTES).build(), scheduler, io);
        List<byte[]> batch = new ArrayList<>(BATCH);
        for (int i = 0; i < BATCH; i++) {
            batch.add(new byte[RECORD_BYTES]);
        }
        for (int written = 0; written < outstanding; written += BATCH) {
            queue.append(batch.subList(0, Math.min(BATCH, outstanding - written))).join();
        }
        tokens = new long[outstanding];
        for (int taken = 0; taken < outstanding; ) {
            BackendQueue.Taken next = queue.take();
            if (next == null) {
                Thread.onSpinWait(); // the queue's thread is reading ahead
                continue;
            }
            tokens[taken++] = next.token();
        }
        Random random = new Random(outstanding);
        for (int i = tokens.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            long swap = tokens[i];
            tokens[i] = tokens[j];
            tokens[j] = swap;
        }
    }

    @Benchmark
    public void acknowledgeAllInRandomOrder() {
        for (long token : tokens) {
            queue.acknowledge(token);
        }
    }

    @TearDown(Level.Invocation)
    public void deleteQueue() throws IOException {
        queue.delete().join();
        try (Stream<Path> files = Files.walk(dataPath)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }

    @TearDown(Level.Trial)
    public void stopThreads() {
        scheduler.shutdownNow();
        io.shutdownNow();
    }
}
