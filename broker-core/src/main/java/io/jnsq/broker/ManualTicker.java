package io.jnsq.broker;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link Ticker} that moves only when told: for tests of timeouts and deferral. The broker still looks
 * at it every 100 ms of real time, so what falls due after {@link #advance} happens within one such tick.
 */
public final class ManualTicker implements Ticker {

    private final AtomicLong nanos;

    /** Starts where the system ticker is now, so that it mixes with readings taken before it was made. */
    public ManualTicker() {
        this.nanos = new AtomicLong(System.nanoTime());
    }

    @Override
    public long nanos() {
        return nanos.get();
    }

    /** Moves time forward by {@code elapsed}. */
    public void advance(Duration elapsed) {
        if (elapsed.isNegative()) {
            throw new IllegalArgumentException("time does not go back: " + elapsed);
        }
        nanos.addAndGet(elapsed.toNanos());
    }
}
