package io.jnsq.nsqd;

import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One nsqd flag: its command-line name, its config file key, its help, where its value lives in the
 * configuration and how a given value gets there. The table of them is {@link NsqdFlags}.
 *
 * @param configKey  the TOML key, which is also the {@code /config/:opt} name, or {@code null} for flags
 *                   that only exist on the command line
 * @param value      reads the flag's value from a configuration: nsqd's defaults for {@code --help}, the
 *                   running one for {@code GET /config/:opt}
 * @param target     hands a given value to the configuration's builder
 * @param refusal    the values jnsq cannot honour and refuses at startup, or {@code null} when it honours
 *                   every value
 * @param deprecated accepted only to be warned about, as nsqd accepts it and does nothing
 */
record Flag<T>(String name, String configKey, FlagType<T> type, String help,
               Function<NsqdConfig, T> value, BiConsumer<NsqdConfig.Builder, T> target,
               Refusal<T> refusal, boolean deprecated) {

    /** Values of a flag that jnsq does not act on; refused rather than silently ignored. */
    record Refusal<T>(Predicate<T> refused, String reason) {
    }

    /** A flag behind a setting of a configuration part; its config key is the flag name in snake case. */
    static <T> Flag<T> option(String name, FlagType<T> type, Function<NsqdConfig, T> getter,
                              BiConsumer<NsqdConfig.Builder, T> setter, String help) {
        return new Flag<>(name, name.replace('-', '_'), type, help, getter, setter, null, false);
    }

    /**
     * A flag jnsq has not built (or that means nothing in jnsq): nsqd's default is accepted and shown,
     * every other value refused at startup; {@code --help} says so. Nothing stores it.
     */
    static <T> Flag<T> unsupported(String name, FlagType<T> type, T nsqdDefault, String help, String reason) {
        Refusal<T> notDefault = new Refusal<>(given -> !Objects.equals(given, nsqdDefault), reason);
        return new Flag<>(name, name.replace('-', '_'), type, help + " (not supported yet)", config -> nsqdDefault,
                (builder, given) -> {
                }, notDefault, false);
    }

    /** A flag the launcher reads itself ({@code --config}, {@code --version}). */
    static <T> Flag<T> commandOnly(String name, FlagType<T> type, T defaultValue, String help) {
        return new Flag<>(name, null, type, help, config -> defaultValue, (builder, given) -> {
        }, null, false);
    }

    /** A boolean flag nsqd still accepts but ignores; jnsq accepts it too and logs a warning. */
    static Flag<Boolean> deprecated(String name, String help) {
        return new Flag<>(name, null, FlagTypes.BOOL, help, config -> false, (builder, given) -> {
        }, null, true);
    }

    /** The same flag under a config key nsqd spells differently from the flag name. */
    Flag<T> configKey(String key) {
        return new Flag<>(name, key, type, help, value, target, refusal, deprecated);
    }

    /** The same flag refusing the values {@code refused} matches; its help must already say which. */
    Flag<T> refusing(Predicate<T> refused, String reason) {
        return new Flag<>(name, configKey, type, help, value, target, new Refusal<>(refused, reason), deprecated);
    }

    /**
     * Names this flag, and its config key, when {@code given} is a value jnsq refuses.
     *
     * @return the startup error, or {@code null} when jnsq honours the value
     */
    String refusalMessage(T given) {
        if (refusal == null || !refusal.refused().test(given)) {
            return null;
        }
        String key = configKey == null ? "" : " (config file: " + configKey + ")";
        return "--" + name + key + " " + refusal.reason();
    }

    /** Whether {@code GET /config/:opt} shows this flag's value: every option nsqd has a config key for. */
    boolean isOption() {
        return configKey != null && !deprecated;
    }
}
