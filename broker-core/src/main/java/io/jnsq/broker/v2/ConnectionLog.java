package io.jnsq.broker.v2;

import org.slf4j.Logger;

import java.util.concurrent.TimeUnit;

/**
 * One connection's log of per-command events (refusals, failed AUTH queries): at most
 * {@link #LINES_PER_SECOND} lines a second, then silence and, when the next line is let through or the
 * connection ends, one line saying how many were left out. A client repeating a bad command a million
 * times costs a few lines, not a million. Used on the connection's event loop only.
 */
final class ConnectionLog {

    static final int LINES_PER_SECOND = 10;

    private static final long WINDOW_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final Logger log;
    private final String who;
    private long windowStart = System.nanoTime();
    private int lines;
    private long suppressed;

    /** @param who the connection as its lines name it, e.g. {@code [127.0.0.1:5000]} */
    ConnectionLog(Logger log, String who) {
        this.log = log;
        this.who = who;
    }

    void info(String format, Object... args) {
        if (admit()) {
            log.info(format, args);
        }
    }

    void warn(String format, Object... args) {
        if (admit()) {
            log.warn(format, args);
        }
    }

    /** The connection is gone: report what was left out, if anything. */
    void close() {
        reportSuppressed();
    }

    /** How many lines were left out and not yet reported. */
    long suppressed() {
        return suppressed;
    }

    private boolean admit() {
        long now = System.nanoTime();
        if (now - windowStart >= WINDOW_NANOS) {
            reportSuppressed();
            windowStart = now;
            lines = 0;
        }
        if (lines < LINES_PER_SECOND) {
            lines++;
            return true;
        }
        suppressed++;
        return false;
    }

    private void reportSuppressed() {
        if (suppressed > 0) {
            log.warn("PROTOCOL(V2): {} suppressed {} log lines (more than {} a second)", who, suppressed, LINES_PER_SECOND);
            suppressed = 0;
        }
    }
}
