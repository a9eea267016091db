package io.jnsq.broker;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A consumer in the broker's own process, without a connection (embedding, tests): always writable,
 * sampling nothing. The channel delivers under its lock, where calling back into it is not allowed, so
 * deliveries wait here in order; the owner takes them and finishes or requeues on its own thread.
 */
public class InProcessConsumer implements Consumer {

    private final long clientId;
    private final long msgTimeoutNanos;
    private final ConsumerCounters counters = new ConsumerCounters();
    private final LinkedBlockingQueue<Message> delivered = new LinkedBlockingQueue<>();
    private volatile long readyCount;
    private volatile boolean channelGone;

    /** @param clientId a process-wide connection id ({@link Broker#nextClientId()}) */
    public InProcessConsumer(long clientId, long readyCount, long msgTimeoutNanos) {
        this.clientId = clientId;
        this.readyCount = readyCount;
        this.msgTimeoutNanos = msgTimeoutNanos;
    }

    /** The most messages it may hold in flight; the channel reads it when it next dispatches. */
    public void ready(long count) {
        readyCount = count;
    }

    /** The oldest delivery not yet taken, waiting up to {@code timeout}; {@code null} when none came. */
    public Message poll(long timeout, TimeUnit unit) throws InterruptedException {
        return delivered.poll(timeout, unit);
    }

    /** The oldest delivery not yet taken, or {@code null}. */
    public Message poll() {
        return delivered.poll();
    }

    /** Its channel was deleted under it. */
    public boolean channelGone() {
        return channelGone;
    }

    @Override
    public long clientId() {
        return clientId;
    }

    @Override
    public long readyCount() {
        return readyCount;
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
        return msgTimeoutNanos;
    }

    @Override
    public ConsumerCounters counters() {
        return counters;
    }

    @Override
    public void deliver(Message message) {
        delivered.add(message);
    }

    @Override
    public void channelDeleted() {
        channelGone = true;
        readyCount = 0;
    }
}
