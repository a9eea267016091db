package io.jnsq.broker.queue;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Where a topic or channel keeps the messages its memory queue has no room for: nsqd's "backend".
 * Records are opaque byte arrays (a message's 26-byte header and body). Implementations are safe to
 * call from any thread, and no method but {@link #close} waits for a disk: writes, reads and syncs
 * run on the queue's own threads, and callers learn their outcome from a future.
 *
 * <p>A record is taken in two steps: {@link #take} hands it out, {@link #acknowledge} says it is done
 * with (finished, dropped, or stored again elsewhere). Until then a durable implementation keeps it, so
 * a crash redelivers what was taken but never acknowledged: at-least-once across {@code kill -9}.
 */
public interface BackendQueue extends AutoCloseable {

    /**
     * Appends records in order as one batch. They count in {@link #depth} at once; the future completes
     * when they are written (and, when the sync policy asks for it, synced: one sync covers every record
     * that arrived meanwhile, from any caller).
     *
     * @return completes exceptionally with an {@link IOException} when the records cannot be stored (disk
     *         full, unwritable path, closed queue); records before the failing one may stay stored
     */
    CompletableFuture<Void> append(List<byte[]> records);

    /**
     * Takes the next record in order, or {@code null} when none is ready in memory: records still being
     * written or read ahead from disk are announced to the {@linkplain #whenReadable listener}. Never
     * throws on bad data.
     */
    Taken take();

    /** The record taken under this token is done with; unknown or repeated tokens are ignored. */
    void acknowledge(long token);

    /**
     * Who to tell, on the queue's own thread, that {@link #take} will return a record after it returned
     * {@code null} with records waiting. Must not block; set once, before the first take.
     */
    void whenReadable(Runnable listener);

    /** Records stored (or being stored) and not yet taken. */
    long depth();

    /** Discards every record, taken or not (and, on disk, every data file and the metadata file). */
    CompletableFuture<Void> empty();

    /** Completes once the queue has read back what it held before (its depth is right from then on). */
    default CompletableFuture<Void> opened() {
        return CompletableFuture.completedFuture(null);
    }

    /** Writes out what it is given, persists what it holds and releases its resources; waits for all of it. */
    @Override
    void close() throws IOException;

    /** Closes and removes everything it stored: the queue's topic or channel is being deleted. */
    CompletableFuture<Void> delete();

    /** A record handed out by {@link #take}, to be acknowledged with its token. */
    record Taken(byte[] record, long token) {
    }
}
