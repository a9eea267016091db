package io.jnsq.nsqd;

import io.jnsq.broker.Options;

import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One nsqd flag: its command-line name, its config file key, its help, where its default comes from
 * and where its value goes. The table of them is {@link NsqdFlags}.
 *
 * @param configKey    the TOML key, or {@code null} for flags that only exist on the command line
 * @param defaultValue reads the flag's value from options: nsqd's defaults for {@code --help}, resolved
 *                     options for the {@link #refusal()} check
 * @param target       hands a resolved value to the options builder
 * @param refusal      the values jnsq cannot honour yet and refuses at startup, or {@code null} when it
 *                     honours every value
 * @param deprecated   accepted only to be warned about, as nsqd accepts it and does nothing
 */
record Flag<T>(String name, String configKey, FlagType<T> type, String help,
               Function<Options, T> defaultValue, BiConsumer<Options.Builder, T> target,
               Refusal<T> refusal, boolean deprecated) {

    /** Values of a flag that jnsq does not act on; refused rather than silently ignored. */
    record Refusal<T>(Predicate<T> refused, String reason) {
    }

    /** A flag behind an {@link Options} component; its config key is the flag name in snake case. */
    static <T> Flag<T> option(String name, FlagType<T> type, Function<Options, T> getter,
                              BiConsumer<Options.Builder, T> setter, String help) {
        return new Flag<>(name, name.replace('-', '_'), type, help, getter, setter, null, false);
    }

    /** A flag the launcher reads itself ({@code --config}, {@code --version}). */
    static <T> Flag<T> commandOnly(String name, FlagType<T> type, T defaultValue, String help) {
        return new Flag<>(name, null, type, help, options -> defaultValue, (builder, value) -> {
        }, null, false);
    }

    /** A boolean flag nsqd still accepts but ignores; jnsq accepts it too and logs a warning. */
    static Flag<Boolean> deprecated(String name, String help) {
        return new Flag<>(name, null, FlagTypes.BOOL, help, options -> false, (builder, value) -> {
        }, null, true);
    }

    /** The same flag under a config key nsqd spells differently from the flag name. */
    Flag<T> configKey(String key) {
        return new Flag<>(name, key, type, help, defaultValue, target, refusal, deprecated);
    }

    /**
     * The same flag refusing every value but nsqd's default, for options jnsq has not built (or that mean
     * nothing in jnsq); {@code --help} says so.
     */
    Flag<T> unsupported(String reason) {
        T nsqdDefault = defaultValue.apply(Options.defaults());
        Refusal<T> notDefault = new Refusal<>(value -> !Objects.equals(value, nsqdDefault), reason);
        return new Flag<>(name, configKey, type, help + " (not supported yet)", defaultValue, target, notDefault, deprecated);
    }

    /** The same flag refusing the values {@code refused} matches; its help must already say which. */
    Flag<T> refusing(Predicate<T> refused, String reason) {
        return new Flag<>(name, configKey, type, help, defaultValue, target, new Refusal<>(refused, reason), deprecated);
    }

    /**
     * Names this flag, and its config key, when {@code options} hold a value jnsq refuses.
     *
     * @return the startup error, or {@code null} when jnsq honours the value
     */
    String refusalMessage(Options options) {
        if (refusal == null || !refusal.refused().test(defaultValue.apply(options))) {
            return null;
        }
        String key = configKey == null ? "" : " (config file: " + configKey + ")";
        return "--" + name + key + " " + refusal.reason();
    }
}
