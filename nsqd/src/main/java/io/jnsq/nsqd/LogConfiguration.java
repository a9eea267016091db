package io.jnsq.nsqd;

import io.jnsq.broker.Options;
import io.jnsq.broker.Options.LogLevel;

import java.util.Locale;

/**
 * Points slf4j-simple at {@code --log-level} and {@code --log-prefix}. It reads these system properties
 * once, when the first logger is created, so this must run before anything logs.
 */
final class LogConfiguration {

    /** nsqd's time stamp to the millisecond (slf4j-simple cannot print nsqd's microseconds). */
    static final String TIME_PATTERN = "yyyy/MM/dd HH:mm:ss.SSS";

    private LogConfiguration() {
    }

    static void apply(Options options) {
        System.setProperty("org.slf4j.simpleLogger.log.io.jnsq", slf4jLevel(options.logLevel()));
        // nsqd's debug output is nsqd's own; Netty's debug chatter would drown it
        LogLevel libraries = options.logLevel() == LogLevel.DEBUG ? LogLevel.INFO : options.logLevel();
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", slf4jLevel(libraries));
        System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", datePattern(options.logPrefix()));
    }

    /** slf4j has no fatal level; error is the closest that still shows fatal messages. */
    private static String slf4jLevel(LogLevel level) {
        return level == LogLevel.FATAL ? "error" : level.name().toLowerCase(Locale.ROOT);
    }

    /** nsqd writes its prefix before the time; a quoted literal in the date pattern puts it there. */
    private static String datePattern(String prefix) {
        return prefix.isEmpty() ? TIME_PATTERN : "'" + prefix.replace("'", "''") + "'" + TIME_PATTERN;
    }
}
