package io.jnsq.broker.queue;

import java.io.IOException;

/**
 * Where a topic or channel keeps the messages its memory queue has no room for: nsqd's "backend".
 * Records are opaque byte arrays (a message's 26-byte header and body). Implementations are safe to
 * call from any thread.
 *
 * <p>A record is taken in two steps: {@link #take} hands it out, {@link #acknowledge} says it is done
 * with (finished, dropped, or stored again elsewhere). Until then a durable implementation keeps it, so
 * a crash redelivers what was taken but never acknowledged: at-least-once across {@code kill -9}.
 */
public interface BackendQueue extends AutoCloseable {

    /**
     * Appends one record.
     *
     * @throws IOException when the record cannot be stored (disk full, unwritable path, closed queue);
     *                     the caller answers the publisher with an error and reports ill health
     */
    void put(byte[] record) throws IOException;

    /**
     * Appends records in order as one batch: a durable implementation syncs once, after the last, so
     * an MPUB costs one fsync rather than one per message.
     *
     * @throws IOException as {@link #put}; the records before the failing one stay stored
     */
    default void putAll(java.util.List<byte[]> records) throws IOException {
        for (byte[] record : records) {
            put(record);
        }
    }

    /** Takes the next record in order, or {@code null} when none is waiting. Never throws on bad data. */
    Taken take();

    /** The record taken under this token is done with; unknown or repeated tokens are ignored. */
    void acknowledge(long token);

    /** Takes the next record and acknowledges it at once, or returns {@code null} when none is waiting. */
    default byte[] poll() {
        Taken taken = take();
        if (taken == null) {
            return null;
        }
        acknowledge(taken.token());
        return taken.record();
    }

    /** Records stored and not yet taken. */
    long depth();

    /** Discards every record, taken or not (and, on disk, every data file and the metadata file). */
    void empty() throws IOException;

    /** Persists what it holds and releases its resources; a later queue of the same name resumes. */
    @Override
    void close() throws IOException;

    /** Closes and removes everything it stored: the queue's topic or channel is being deleted. */
    void delete() throws IOException;

    /** A record handed out by {@link #take}, to be acknowledged with its token. */
    record Taken(byte[] record, long token) {
    }
}
