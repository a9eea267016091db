package io.jnsq.broker;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A consumer in the broker's own process, without a connection (embedding, tests): always writable,
 * sampling nothing. The channel delivers under its lock, where calling back into it is not allowed, so
 * deliveries wait here in order; the owner takes them and finishes or requeues on its own thread.
 *
 * <p>The deliveries wait in an array deque under a lock of their own rather than in a linked blocking
 * queue: nothing is allocated per message, so the broker benchmarks, which consume through this class,
 * measure the broker's allocations only.
 */
public class InProcessConsumer implements Consumer {

    private final long clientId;
    private final long msgTimeoutNanos;
    private final ConsumerCounters counters = new ConsumerCounters();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    private final ArrayDeque<Message> delivered = new ArrayDeque<>();
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
        long remaining = unit.toNanos(timeout);
        lock.lockInterruptibly();
        try {
            while (delivered.isEmpty() && remaining > 0) {
                remaining = arrived.awaitNanos(remaining);
            }
            return delivered.pollFirst();
        } finally {
            lock.unlock();
        }
    }

    /** The oldest delivery not yet taken, or {@code null}. */
    public Message poll() {
        lock.lock();
        try {
            return delivered.pollFirst();
        } finally {
            lock.unlock();
        }
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
        lock.lock();
        try {
            delivered.addLast(message);
            arrived.signal();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void channelDeleted() {
        channelGone = true;
        readyCount = 0;
    }
}
