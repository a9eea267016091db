package io.jnsq.benchmarks.broker;

import io.jnsq.broker.Consumer;
import io.jnsq.broker.ConsumerCounters;
import io.jnsq.broker.Message;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A consumer without a connection: deliveries queue up here in order and the benchmark thread
 * acknowledges them. The channel calls {@link #deliver} under its lock, where calling back into the
 * channel is not allowed, hence the queue.
 */
final class BenchConsumer implements Consumer {

    private static final AtomicLong CLIENT_IDS = new AtomicLong();
    private static final long MSG_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final long clientId = CLIENT_IDS.incrementAndGet();
    private final ConsumerCounters counters = new ConsumerCounters();
    private final ArrayDeque<Message> delivered = new ArrayDeque<>();
    private volatile long readyCount;

    void ready(long count) {
        readyCount = count;
    }

    /** The oldest message delivered and not yet taken, or {@code null}. */
    Message takeDelivered() {
        return delivered.pollFirst();
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
        return MSG_TIMEOUT_NANOS;
    }

    @Override
    public ConsumerCounters counters() {
        return counters;
    }

    @Override
    public void deliver(Message message) {
        delivered.addLast(message);
    }

    @Override
    public void channelDeleted() {
    }
}
