package io.jnsq.broker.queue;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The backend of an ephemeral topic or channel: what overflows its memory queue is dropped, as nsqd
 * does. Accepts every record, never returns one, and has nothing to persist or delete.
 */
public final class DiscardingBackendQueue implements BackendQueue {

    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    @Override
    public CompletableFuture<Void> append(List<byte[]> records) {
        return DONE; // dropped on purpose: ephemeral data never touches the disk
    }

    @Override
    public Taken take() {
        return null;
    }

    @Override
    public void acknowledge(long token) {
        // nothing is ever taken
    }

    @Override
    public void whenReadable(Runnable listener) {
        // never readable
    }

    @Override
    public long depth() {
        return 0;
    }

    @Override
    public CompletableFuture<Void> empty() {
        return DONE;
    }

    @Override
    public void close() {
    }

    @Override
    public CompletableFuture<Void> delete() {
        return DONE;
    }
}
