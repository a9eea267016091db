package io.jnsq.nsqd;

import java.util.LinkedHashMap;
import java.util.Map;

/** The flags a command line set explicitly, with their values; what outranks the config file. */
public final class CommandLine {

    private final Map<Flag<?>, Object> values;
    private final boolean helpRequested;

    CommandLine(Map<Flag<?>, Object> values, boolean helpRequested) {
        this.values = new LinkedHashMap<>(values);
        this.helpRequested = helpRequested;
    }

    /** {@code -h}, {@code -help} or {@code --help} was given. */
    public boolean helpRequested() {
        return helpRequested;
    }

    boolean isSet(Flag<?> flag) {
        return values.containsKey(flag);
    }

    /** The value given on the command line, or {@code null} when the flag was not given. */
    @SuppressWarnings("unchecked") // FlagSet stores only what flag.type() produced
    <T> T value(Flag<T> flag) {
        return (T) values.get(flag);
    }
}
