package io.jnsq.nsqd.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import org.slf4j.Marker;
import org.slf4j.MarkerFactory;

import java.util.List;

/** nsqd's level names and SLF4J's levels, both ways. */
public final class LogLevels {

    /**
     * Marks an error event that ends the process, which nsqd prints as {@code FATAL}: SLF4J has no such
     * level. {@code log.error(LogLevels.FATAL, "{}", reason)}.
     */
    public static final Marker FATAL = MarkerFactory.getMarker("FATAL");

    private LogLevels() {
    }

    /**
     * The name nsqd prints for an event's level: {@code DEBUG}, {@code INFO}, {@code WARNING} (not
     * SLF4J's {@code WARN}), {@code ERROR}, or {@code FATAL} for an error marked {@link #FATAL}.
     * SLF4J's {@code TRACE}, which nsqd does not have, stays {@code TRACE}.
     */
    static String name(ILoggingEvent event) {
        Level level = event.getLevel();
        if (level == Level.WARN) {
            return "WARNING";
        }
        if (level == Level.ERROR && isFatal(event)) {
            return "FATAL";
        }
        return level.toString();
    }

    private static boolean isFatal(ILoggingEvent event) {
        List<Marker> markers = event.getMarkerList();
        if (markers == null) {
            return false;
        }
        for (Marker marker : markers) {
            if (marker.contains(FATAL)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The Logback level that shows what nsqd shows at {@code level}. jnsq logs what ends the process at
     * ERROR (marked {@link #FATAL}), so {@code fatal} shows errors too rather than nothing at all.
     */
    static Level logbackLevel(LogLevel level) {
        switch (level) {
            case DEBUG:
                return Level.DEBUG;
            case INFO:
                return Level.INFO;
            case WARN:
                return Level.WARN;
            default:
                return Level.ERROR;
        }
    }
}
