package io.jnsq.nsqd;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Path;

/**
 * Builds the {@link NsqdConfig} of a run as nsqd does: defaults, overridden by the {@code --config} file,
 * overridden by flags given on the command line. A value jnsq would not honour is refused as it is read,
 * naming the flag; the configuration's builders then check the values, with nsqd's messages.
 */
public final class OptionsResolver {

    private OptionsResolver() {
    }

    /**
     * Parses nsqd arguments and resolves them; {@code --help} and {@code --version} are ignored here.
     * Embedders have {@link Nsqd#builder()} instead.
     */
    public static NsqdConfig resolve(String... args) throws FlagException, StartupException {
        return resolve(NsqdFlags.parse(args));
    }

    public static NsqdConfig resolve(CommandLine commandLine) throws StartupException {
        String configPath = commandLine.isSet(NsqdFlags.CONFIG) ? commandLine.value(NsqdFlags.CONFIG) : "";
        ConfigFile config = configPath.isEmpty() ? ConfigFile.empty() : ConfigFile.read(Path.of(configPath));
        NsqdConfig.Builder builder = NsqdConfig.builder();
        for (Flag<?> flag : NsqdFlags.ALL) {
            resolve(flag, commandLine, config, builder);
        }
        try {
            return builder.build();
        } catch (IllegalArgumentException e) {
            throw new StartupException(e.getMessage(), e);
        }
    }

    private static <T> void resolve(Flag<T> flag, CommandLine commandLine, ConfigFile config, NsqdConfig.Builder builder)
            throws StartupException {
        T value;
        if (commandLine.isSet(flag)) {
            value = commandLine.value(flag);
        } else {
            JsonNode configured = flag.configKey() == null ? null : config.get(flag.configKey());
            if (configured == null) {
                return;
            }
            try {
                value = flag.type().fromConfig(configured);
            } catch (IllegalArgumentException e) {
                throw new StartupException("failed parsing " + flag.configKey() + " " + configured + " - " + e.getMessage(), e);
            }
        }
        String refusal = flag.refusalMessage(value);
        if (refusal != null) {
            throw new StartupException(refusal);
        }
        try {
            flag.target().accept(builder, value);
        } catch (IllegalArgumentException e) {
            throw new StartupException("invalid --" + flag.name() + " " + value + " - " + e.getMessage(), e);
        }
    }
}
