package io.jnsq.broker.queue;

/**
 * The backend of an ephemeral topic or channel: what overflows its memory queue is dropped, as nsqd
 * does. Accepts every record, never returns one, and has nothing to persist or delete.
 */
public final class DiscardingBackendQueue implements BackendQueue {

    @Override
    public void put(byte[] record) {
        // dropped on purpose: ephemeral data never touches the disk
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
    public long depth() {
        return 0;
    }

    @Override
    public void empty() {
    }

    @Override
    public void close() {
    }

    @Override
    public void delete() {
    }
}
