package io.jnsq.broker.queue;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The backend of a durable topic or channel of a memory-only broker (tests, embedding): what overflows
 * the memory queue waits here, unbounded, instead of on disk, and is gone when the process ends. Nothing
 * is dropped while it runs, and nothing touches the disk.
 */
public final class MemoryBackendQueue implements BackendQueue {

    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    private final ArrayDeque<byte[]> records = new ArrayDeque<>();
    private Runnable listener = () -> {
    };
    /** A take found nothing: the next append tells the listener. */
    private boolean waiting;

    @Override
    public CompletableFuture<Void> append(List<byte[]> batch) {
        Runnable tell;
        synchronized (this) {
            records.addAll(batch);
            tell = waiting && !batch.isEmpty() ? listener : null;
            if (tell != null) {
                waiting = false;
            }
        }
        if (tell != null) {
            tell.run();
        }
        return DONE;
    }

    @Override
    public synchronized Taken take() {
        byte[] record = records.pollFirst();
        if (record == null) {
            waiting = true;
            return null;
        }
        return new Taken(record, 0);
    }

    @Override
    public void acknowledge(long token) {
        // nothing outlives the process: a taken record needs no bookkeeping
    }

    @Override
    public synchronized void whenReadable(Runnable readable) {
        this.listener = readable;
    }

    @Override
    public synchronized long depth() {
        return records.size();
    }

    @Override
    public synchronized CompletableFuture<Void> empty() {
        records.clear();
        return DONE;
    }

    @Override
    public synchronized void close() {
        records.clear();
    }

    @Override
    public CompletableFuture<Void> delete() {
        close();
        return DONE;
    }
}
