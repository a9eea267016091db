package io.jnsq.broker.queue;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.awaitility.Awaitility.await;

/**
 * A {@link DiskQueue} driven the way a test reads best: each call returns once the queue's worker has
 * done what it asked for (written, read ahead, synced), so assertions see the result of the call.
 */
final class SyncQueue {

    final DiskQueue queue;

    private SyncQueue(DiskQueue queue) {
        this.queue = queue;
    }

    static SyncQueue open(DiskQueueConfig config, ScheduledExecutorService scheduler, Executor io) {
        SyncQueue opened = new SyncQueue(new DiskQueue(config, scheduler, io));
        opened.queue.opened().join();
        opened.awaitIdle();
        return opened;
    }

    void put(byte[] record) throws IOException {
        putAll(List.of(record));
    }

    void putAll(List<byte[]> records) throws IOException {
        get(queue.append(records));
        awaitIdle();
    }

    /** The next record, once the worker has read what there is to read; null when nothing can be. */
    BackendQueue.Taken take() {
        for (int attempt = 0; attempt < 3; attempt++) {
            BackendQueue.Taken taken = queue.take();
            if (taken != null) {
                return taken;
            }
            awaitIdle();
        }
        return null;
    }

    void acknowledge(long token) {
        queue.acknowledge(token);
        awaitIdle();
    }

    byte[] poll() {
        BackendQueue.Taken taken = take();
        if (taken == null) {
            return null;
        }
        acknowledge(taken.token());
        return taken.record();
    }

    long depth() {
        return queue.depth();
    }

    void empty() throws IOException {
        get(queue.empty());
        awaitIdle();
    }

    void close() throws IOException {
        queue.close();
    }

    void delete() throws IOException {
        get(queue.delete());
    }

    DiskQueueMeta snapshot() {
        awaitIdle();
        return queue.snapshot();
    }

    void awaitIdle() {
        await().atMost(10, TimeUnit.SECONDS).pollInterval(1, TimeUnit.MILLISECONDS).until(queue::idle);
    }

    private static void get(CompletableFuture<Void> future) throws IOException {
        try {
            future.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | CompletionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw new IllegalStateException(e);
        }
    }
}
