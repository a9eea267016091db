package io.jnsq.lookupd;

import java.time.Duration;

/** Delays between reconnect attempts: doubling from a minimum to a cap, back to the minimum after success. */
final class ReconnectBackoff {

    private final long minNanos;
    private final long maxNanos;
    private long nextNanos;

    ReconnectBackoff(Duration min, Duration max) {
        this.minNanos = min.toNanos();
        this.maxNanos = Math.max(minNanos, max.toNanos());
        this.nextNanos = minNanos;
    }

    long nextNanos() {
        long delay = nextNanos;
        nextNanos = Math.min(maxNanos, nextNanos * 2);
        return delay;
    }

    void reset() {
        nextNanos = minNanos;
    }
}
