package io.jnsq.benchmarks.load;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the connections of one run share: when it started, when publishing ends, how many messages
 * went each way, and the first failure, which stops everyone.
 */
final class RunControl {

    private final LoadOptions options;
    private final AtomicLong toPublish;
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong consumed = new AtomicLong();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile long startNanos;
    private volatile long publishDeadlineNanos;
    private volatile long latencyFromNanos;
    private volatile long consumeDeadlineNanos;
    private volatile boolean publishersDone;

    RunControl(LoadOptions options) {
        this.options = options;
        this.toPublish = new AtomicLong(options.count() > 0 ? options.count() : Long.MAX_VALUE);
    }

    /** Called once every connection is ready; the measured time starts now. */
    void start() {
        long now = System.nanoTime();
        startNanos = now;
        publishDeadlineNanos = now + options.duration().toNanos();
        latencyFromNanos = now + options.warmup().toNanos();
        // consumers of a pubsub run get the in-flight tail after publishing stops, within bounds
        long grace = options.mode() == LoadOptions.Mode.PUBSUB ? options.idleTimeout().toNanos() + 30_000_000_000L : 0;
        consumeDeadlineNanos = publishDeadlineNanos + grace;
    }

    long startNanos() {
        return startNanos;
    }

    /** Publishing stops at this {@link System#nanoTime()}. */
    long publishDeadlineNanos() {
        return publishDeadlineNanos;
    }

    /** Whether a message stamped at {@code stampNanos} counts for latency: not one from the warm-up. */
    boolean recordsLatency(long stampNanos) {
        return stampNanos - latencyFromNanos >= 0;
    }

    /** How many of the next {@code wanted} messages may still be published: 0 when the run is over. */
    int reservePublish(int wanted) {
        if (failed() || System.nanoTime() - publishDeadlineNanos >= 0) {
            return 0;
        }
        while (true) {
            long left = toPublish.get();
            int granted = (int) Math.min(left, wanted);
            if (granted == 0 || toPublish.compareAndSet(left, left - granted)) {
                return granted;
            }
        }
    }

    void published(int messages) {
        published.addAndGet(messages);
    }

    long publishedCount() {
        return published.get();
    }

    void publishersDone() {
        publishersDone = true;
    }

    void consumed(long messages) {
        consumed.addAndGet(messages);
    }

    long consumedCount() {
        return consumed.get();
    }

    /**
     * Whether consumers are done: everything expected has arrived (the count in sub mode, everything
     * published in pubsub mode), or nothing came for the idle timeout once nothing more is coming, or
     * time is up.
     */
    boolean consumersDone(long idleNanos) {
        if (failed() || System.nanoTime() - consumeDeadlineNanos >= 0) {
            return true;
        }
        boolean nothingMoreComing = options.mode() == LoadOptions.Mode.SUB || publishersDone;
        long expected = options.mode() == LoadOptions.Mode.SUB ? options.count() : publishersDone ? published.get() : 0;
        if (expected > 0 && consumed.get() >= expected) {
            return true;
        }
        return nothingMoreComing && idleNanos >= options.idleTimeout().toNanos();
    }

    void fail(Throwable cause) {
        failure.compareAndSet(null, cause);
    }

    boolean failed() {
        return failure.get() != null;
    }

    Throwable failure() {
        return failure.get();
    }
}
