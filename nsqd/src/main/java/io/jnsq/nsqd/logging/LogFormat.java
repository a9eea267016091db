package io.jnsq.nsqd.logging;

import java.util.Locale;

/** {@code --log-format}: how each log line is written to stderr. */
public enum LogFormat {

    /** nsqd's own lines, {@code [nsqd] 2006/01/02 15:04:05.000000 INFO: message} ({@link NsqdTextLayout}). */
    TEXT,
    /** One JSON object per line, for log shippers ({@link JsonLineLayout}). */
    JSON;

    /** The flag's value: {@code text} or {@code json}. */
    public String flagValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Reads a flag or config file value, in any case.
     *
     * @throws IllegalArgumentException naming the value and the choices
     */
    public static LogFormat parse(String text) {
        for (LogFormat format : values()) {
            if (format.flagValue().equalsIgnoreCase(text)) {
                return format;
            }
        }
        throw new IllegalArgumentException("invalid log format '" + text + "' (text, json)");
    }
}
