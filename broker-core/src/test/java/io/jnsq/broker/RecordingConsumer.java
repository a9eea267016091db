package io.jnsq.broker;

import java.util.ArrayList;
import java.util.List;

/** A consumer that keeps what it is given: the domain's own collaborator, not a mock. */
final class RecordingConsumer implements Consumer {

    private static long nextId;

    /** Deliveries may come from the broker's worker threads (messages read back from disk). */
    final List<Message> delivered = java.util.Collections.synchronizedList(new ArrayList<>());
    private final long id = ++nextId;
    private final ConsumerCounters counters = new ConsumerCounters();
    long ready;
    boolean closedByChannel;

    RecordingConsumer(long ready) {
        this.ready = ready;
    }

    @Override
    public long clientId() {
        return id;
    }

    @Override
    public long readyCount() {
        return ready;
    }

    @Override
    public boolean writable() {
        return true;
    }

    @Override
    public int sampleRate() {
        return 0;
    }

    @Override
    public long msgTimeoutNanos() {
        return 60_000_000_000L;
    }

    @Override
    public ConsumerCounters counters() {
        return counters;
    }

    @Override
    public synchronized void deliver(Message message) {
        delivered.add(message);
    }

    @Override
    public void channelDeleted() {
        closedByChannel = true;
    }

    synchronized Message last() {
        return delivered.get(delivered.size() - 1);
    }
}
