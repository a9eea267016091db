package io.jnsq.nsqd;

import com.google.auto.value.AutoValue;
import io.jnsq.broker.config.Validation;
import io.jnsq.protocol.tls.ClientAuthPolicy;

import java.util.List;

/**
 * The server's TLS files and policy ({@code --tls-*}); what they build is checked before anything listens.
 * Whether clients must use TLS ({@code --tls-required}) is a client setting.
 */
@AutoValue
public abstract class TlsConfig {

    private static final List<String> VERSIONS = List.of("tls1.0", "tls1.1", "tls1.2", "tls1.3");

    TlsConfig() {
    }

    /** {@code --tls-cert}: a PEM certificate chain; empty: no TLS. */
    public abstract String cert();

    /** {@code --tls-key}: its PEM private key; empty: no TLS. */
    public abstract String key();

    /** {@code --tls-client-auth-policy}: empty, {@code require} or {@code require-verify}. */
    public abstract String clientAuthPolicy();

    /** {@code --tls-root-ca-file}: CA certificates for client certificates and https auth servers. */
    public abstract String rootCaFile();

    /** {@code --tls-min-version}: {@code tls1.0} .. {@code tls1.3}. */
    public abstract String minVersion();

    /** nsqd's defaults: no TLS, TLS 1.0 and up when there is. */
    public static Builder builder() {
        return new AutoValue_TlsConfig.Builder().cert("").key("").clientAuthPolicy("").rootCaFile("").minVersion("tls1.0");
    }

    public abstract Builder toBuilder();

    /** Whether the TCP upgrade and the HTTPS listener can offer TLS at all. */
    public boolean enabled() {
        return !cert().isEmpty() && !key().isEmpty();
    }

    @AutoValue.Builder
    public abstract static class Builder {

        Builder() {
        }

        public abstract Builder cert(String file);

        public abstract Builder key(String file);

        public abstract Builder clientAuthPolicy(String policy);

        abstract String clientAuthPolicy();

        public abstract Builder rootCaFile(String file);

        public abstract Builder minVersion(String version);

        abstract TlsConfig autoBuild();

        /** @throws IllegalArgumentException with nsqd's {@code failed to build TLS config - …} */
        public TlsConfig build() {
            TlsConfig config = autoBuild();
            Validation.require(VERSIONS.contains(config.minVersion()),
                    "--tls-min-version must be one of " + VERSIONS + ", not " + config.minVersion());
            if (config.cert().isEmpty() != config.key().isEmpty()) {
                throw new IllegalArgumentException("failed to build TLS config - --tls-cert and --tls-key must be given together");
            }
            if (config.enabled()) {
                try {
                    ClientAuthPolicy.parse(config.clientAuthPolicy());
                } catch (IllegalArgumentException e) {
                    // nsqd would quietly ask for no certificate
                    throw new IllegalArgumentException("failed to build TLS config - " + e.getMessage(), e);
                }
            }
            return config;
        }
    }
}
