package io.jnsq.broker;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs failed backend writes on a change of state rather than once per message: the first failure after
 * a healthy period, then one line per quiet period with how many failed meanwhile, and the recovery.
 */
final class BackendFailureLog {

    static final long QUIET_PERIOD_NANOS = 10_000_000_000L;

    private static final Logger log = LoggerFactory.getLogger(Broker.class);

    private boolean failing;
    private long lastLoggedNanos;
    private long unlogged;
    private long failures;

    synchronized void failed(String owner, Exception cause) {
        failures++;
        long now = System.nanoTime();
        if (failing && now - lastLoggedNanos < QUIET_PERIOD_NANOS) {
            unlogged++;
            return;
        }
        if (unlogged > 0) {
            log.error("{}: failed to write message to backend - {} ({} more failed writes since the last report)",
                    owner, cause.getMessage(), unlogged);
        } else {
            log.error("{}: failed to write message to backend - {}", owner, cause.getMessage());
        }
        failing = true;
        lastLoggedNanos = now;
        unlogged = 0;
    }

    synchronized void recovered(String owner) {
        if (failing) {
            log.warn("{}: backend writes succeed again, after {} failed", owner, failures);
        }
        failing = false;
        unlogged = 0;
        failures = 0;
    }
}
