package io.jnsq.broker;

/**
 * Monotonic time in nanoseconds, as {@link System#nanoTime()} reads it: what in-flight timeouts and
 * deferrals are measured with. A test hands the broker a {@link ManualTicker} and moves time itself,
 * so a minute's timeout takes a few milliseconds and cannot flake on a loaded machine.
 */
@FunctionalInterface
public interface Ticker {

    Ticker SYSTEM = System::nanoTime;

    long nanos();
}
