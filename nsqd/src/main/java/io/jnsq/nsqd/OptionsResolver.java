package io.jnsq.nsqd;

import com.fasterxml.jackson.databind.JsonNode;
import io.jnsq.broker.DeadLetterPolicy;
import io.jnsq.broker.Options;
import io.jnsq.broker.Options.TlsRequired;
import io.jnsq.protocol.tls.ClientAuthPolicy;

import java.math.BigDecimal;
import java.nio.file.Path;

/**
 * Builds the {@link Options} of a run as nsqd does: defaults, overridden by the {@code --config} file,
 * overridden by flags given on the command line; then checks them, all in one place, with messages
 * that name the flag at fault, including values jnsq refuses because it would not honour them.
 */
public final class OptionsResolver {

    private OptionsResolver() {
    }

    /**
     * Parses nsqd arguments and resolves them; {@code --help} and {@code --version} are ignored here.
     * For embedding and tests: {@code new Nsqd(OptionsResolver.resolve("--tcp-address=127.0.0.1:0"))}.
     */
    public static Options resolve(String... args) throws FlagException, StartupException {
        return resolve(NsqdFlags.parse(args));
    }

    public static Options resolve(CommandLine commandLine) throws StartupException {
        String configPath = commandLine.isSet(NsqdFlags.CONFIG) ? commandLine.value(NsqdFlags.CONFIG) : "";
        ConfigFile config = configPath.isEmpty() ? ConfigFile.empty() : ConfigFile.read(Path.of(configPath));
        Options.Builder builder = Options.builder();
        for (Flag<?> flag : NsqdFlags.ALL) {
            resolve(flag, commandLine, config, builder);
        }
        Options options = requireTlsForClientAuth(builder.build());
        validate(options);
        return options;
    }

    private static <T> void resolve(Flag<T> flag, CommandLine commandLine, ConfigFile config, Options.Builder builder)
            throws StartupException {
        if (commandLine.isSet(flag)) {
            flag.target().accept(builder, commandLine.value(flag));
            return;
        }
        JsonNode configured = flag.configKey() == null ? null : config.get(flag.configKey());
        if (configured == null) {
            return;
        }
        try {
            flag.target().accept(builder, flag.type().fromConfig(configured));
        } catch (IllegalArgumentException e) {
            throw new StartupException("failed parsing " + flag.configKey() + " " + configured + " - " + e.getMessage(), e);
        }
    }

    /** A client certificate policy implies TLS, unless TLS is already required some other way. */
    private static Options requireTlsForClientAuth(Options options) {
        if (options.tlsClientAuthPolicy().isEmpty() || options.tlsRequired() != TlsRequired.NOT_REQUIRED) {
            return options;
        }
        return options.toBuilder().tlsRequired(TlsRequired.REQUIRED).build();
    }

    /** nsqd's startup checks, in nsqd's order, so the first complaint is the one nsqd would make. */
    static void validate(Options options) throws StartupException {
        if (options.maxDeflateLevel() < 1 || options.maxDeflateLevel() > 9) {
            throw new StartupException("--max-deflate-level must be [1,9]");
        }
        if (options.nodeId() < 0 || options.nodeId() >= 1024) {
            throw new StartupException("--node-id must be [0,1024)");
        }
        if (options.tlsCert().isEmpty() != options.tlsKey().isEmpty()) {
            throw new StartupException("failed to build TLS config - --tls-cert and --tls-key must be given together");
        }
        if (options.tlsEnabled()) {
            try {
                ClientAuthPolicy.parse(options.tlsClientAuthPolicy());
            } catch (IllegalArgumentException e) {
                // nsqd would quietly ask for no certificate
                throw new StartupException("failed to build TLS config - " + e.getMessage(), e);
            }
        }
        if (options.tlsRequired() != TlsRequired.NOT_REQUIRED && !options.tlsEnabled()) {
            throw new StartupException("cannot require TLS client connections without TLS key and cert");
        }
        if (!options.authHttpRequestMethod().equals("get") && !options.authHttpRequestMethod().equals("post")) {
            throw new StartupException("--auth-http-request-method must be post or get");
        }
        for (double percentile : options.e2eProcessingLatencyPercentiles()) {
            if (!(percentile > 0 && percentile <= 1)) {
                throw new StartupException("invalid E2E processing latency percentile: " + goNumber(percentile));
            }
        }
        String deadLetter = DeadLetterPolicy.problemWithDefault(options.deadLetterMaxAttempts(), options.deadLetterTopic());
        if (deadLetter != null) {
            throw new StartupException("--dead-letter-max-attempts " + options.deadLetterMaxAttempts()
                    + " --dead-letter-topic \"" + options.deadLetterTopic() + "\": " + deadLetter);
        }
        refuseWhatJnsqDoesNotHonour(options);
    }

    /** jnsq's own check, after nsqd's: a value jnsq would ignore stops startup instead (see {@link NsqdFlags}). */
    private static void refuseWhatJnsqDoesNotHonour(Options options) throws StartupException {
        for (Flag<?> flag : NsqdFlags.ALL) {
            String refusal = flag.refusalMessage(options);
            if (refusal != null) {
                throw new StartupException(refusal);
            }
        }
    }

    /** Go's {@code %v} of a float64 for the values a person types: {@code 2}, {@code 1.5}, {@code -0.25}. */
    private static String goNumber(double value) {
        return Double.isFinite(value) ? BigDecimal.valueOf(value).stripTrailingZeros().toPlainString() : String.valueOf(value);
    }
}
