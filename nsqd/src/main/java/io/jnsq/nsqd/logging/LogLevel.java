package io.jnsq.nsqd.logging;

import java.util.Locale;

/** {@code --log-level}: nsqd's names and numbers (1 debug … 5 fatal, as {@code /config/log_level} shows). */
public enum LogLevel {
    DEBUG, INFO, WARN, ERROR, FATAL;

    public int number() {
        return ordinal() + 1;
    }

    /**
     * nsqd's names, in any case.
     *
     * @throws IllegalArgumentException naming the value and the choices
     */
    public static LogLevel parse(String text) {
        String name = text.toUpperCase(Locale.ROOT);
        for (LogLevel level : values()) {
            if (level.name().equals(name)) {
                return level;
            }
        }
        throw new IllegalArgumentException("invalid log level '" + text + "' (debug, info, warn, error, fatal)");
    }
}
