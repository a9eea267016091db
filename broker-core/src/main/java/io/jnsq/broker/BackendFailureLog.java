package io.jnsq.broker;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Logs failed backend writes on a change of state rather than once per message: each topic's or
 * channel's first failure, then at most one line per quiet period with how many failed meanwhile, and
 * its recovery. A healthy write costs one look at an empty map.
 */
final class BackendFailureLog {

    static final long QUIET_PERIOD_NANOS = 10_000_000_000L;

    private static final Logger log = LoggerFactory.getLogger(Broker.class);

    private final ConcurrentHashMap<String, Failing> failing = new ConcurrentHashMap<>();

    void failed(String owner, Exception cause) {
        long now = System.nanoTime();
        Failing state = failing.computeIfAbsent(owner, o -> new Failing(now));
        synchronized (state) {
            state.failures++;
            if (state.failures > 1 && now - state.lastLoggedNanos < QUIET_PERIOD_NANOS) {
                state.unlogged++;
                return;
            }
            if (state.unlogged > 0) {
                log.error("{}: failed to write message to backend - {} ({} more failed writes since the last report)",
                        owner, cause.getMessage(), state.unlogged);
            } else {
                log.error("{}: failed to write message to backend - {}", owner, cause.getMessage());
            }
            state.lastLoggedNanos = now;
            state.unlogged = 0;
        }
    }

    void succeeded(String owner) {
        if (failing.isEmpty()) {
            return;
        }
        Failing state = failing.remove(owner);
        if (state != null) {
            synchronized (state) {
                log.warn("{}: backend writes succeed again, after {} failed", owner, state.failures);
            }
        }
    }

    private static final class Failing {
        long lastLoggedNanos;
        long unlogged;
        long failures;

        Failing(long now) {
            this.lastLoggedNanos = now;
        }
    }
}
