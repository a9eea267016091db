package io.jnsq.nsqd;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * How one kind of flag value is read from the command line and from the config file, and how its
 * default appears in {@code --help}. Implementations live in {@link FlagTypes}.
 *
 * @param <T> the value handed to the configuration part's builder
 */
interface FlagType<T> {

    /**
     * Parses one command-line occurrence.
     *
     * @throws IllegalArgumentException whose message says why, in Go's words where Go has them
     */
    T parse(String text);

    /**
     * Reads the value of this flag's config file key.
     *
     * @throws IllegalArgumentException when the TOML value has the wrong type or text
     */
    T fromConfig(JsonNode value);

    /** The value after a flag given again: the later one wins, except for repeatable flags. */
    default T repeat(T earlier, T later) {
        return later;
    }

    /** A boolean-style flag: given bare ({@code --snappy}) it means true and never takes the next argument. */
    default boolean isBool() {
        return false;
    }

    /** The word {@code --help} shows after the flag name ("string", "duration", ...), empty for booleans. */
    String typeName();

    /** The {@code (default …)} text of {@code --help}, or {@code null} for Go's zero value, which it omits. */
    String describeDefault(T value);

    /** The value as {@code GET /config/:opt} shows it: nsqd shows some settings as numbers. */
    default Object configValue(T value) {
        return value;
    }
}
