package io.jnsq.nsqd;

import io.jnsq.broker.Options;

import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * One nsqd flag: its command-line name, its config file key, its help, where its default comes from
 * and where its value goes. The table of them is {@link NsqdFlags}.
 *
 * @param configKey the TOML key, or {@code null} for flags that only exist on the command line
 * @param defaultValue reads the default from nsqd's default options, for {@code --help}
 * @param target hands a resolved value to the options builder
 */
record Flag<T>(String name, String configKey, FlagType<T> type, String help,
               Function<Options, T> defaultValue, BiConsumer<Options.Builder, T> target) {

    /** A flag behind an {@link Options} component; its config key is the flag name in snake case. */
    static <T> Flag<T> option(String name, FlagType<T> type, Function<Options, T> getter,
                              BiConsumer<Options.Builder, T> setter, String help) {
        return new Flag<>(name, name.replace('-', '_'), type, help, getter, setter);
    }

    /** A flag the launcher reads itself ({@code --config}, {@code --version}) or accepts and ignores. */
    static <T> Flag<T> commandOnly(String name, FlagType<T> type, T defaultValue, String help) {
        return new Flag<>(name, null, type, help, options -> defaultValue, (builder, value) -> {
        });
    }

    /** The same flag under a config key nsqd spells differently from the flag name. */
    Flag<T> configKey(String key) {
        return new Flag<>(name, key, type, help, defaultValue, target);
    }
}
