package io.jnsq.broker.queue;

import java.io.IOException;

/**
 * Where a topic or channel keeps the messages its memory queue has no room for: nsqd's "backend".
 * Records are opaque byte arrays (a message's 26-byte header and body). Implementations are safe to
 * call from any thread.
 */
public interface BackendQueue extends AutoCloseable {

    /**
     * Appends one record.
     *
     * @throws IOException when the record cannot be stored (disk full, unwritable path, closed queue);
     *                     the caller answers the publisher with an error and reports ill health
     */
    void put(byte[] record) throws IOException;

    /** Takes the next record in order, or {@code null} when none is waiting. Never throws on bad data. */
    byte[] poll();

    /** Records stored and not yet taken. */
    long depth();

    /** Discards every record (and, on disk, every data file and the metadata file). */
    void empty() throws IOException;

    /** Persists what it holds and releases its resources; a later queue of the same name resumes. */
    @Override
    void close() throws IOException;

    /** Closes and removes everything it stored: the queue's topic or channel is being deleted. */
    void delete() throws IOException;
}
