package io.jnsq.nsqd.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxy;

import java.time.Instant;

/** Logging events made by hand, at a time of the test's choosing. */
final class LogEvents {

    /** 2026-11-29 12:15:58.218730 UTC. */
    static final Instant TIME = Instant.parse("2026-11-29T12:15:58.218730Z");

    private LogEvents() {
    }

    static LoggingEvent event(Instant time, Level level, String message, Object... arguments) {
        LoggingEvent event = new LoggingEvent();
        event.setInstant(time);
        event.setLevel(level);
        event.setLoggerName("io.jnsq.broker.Topic");
        event.setThreadName("nsqd-loop-1");
        event.setMessage(message);
        event.setArgumentArray(arguments.length == 0 ? null : arguments);
        return event;
    }

    static LoggingEvent failure(Throwable thrown) {
        LoggingEvent event = event(TIME, Level.WARN, "closing after an unhandled error");
        event.setThrowableProxy(new ThrowableProxy(thrown));
        return event;
    }
}
