package io.jnsq.broker.auth;

import com.google.auto.value.AutoValue;
import io.jnsq.broker.config.Validation;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How nsqd reaches its auth servers. The launcher maps {@code --auth-http-address} (repeatable),
 * {@code --auth-http-request-method}, {@code --http-client-connect-timeout},
 * {@code --http-client-request-timeout}, {@code --tls-root-ca-file} and {@code --tls-min-version} onto it.
 */
@AutoValue
public abstract class AuthClientConfig {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(5);

    static final List<String> TLS_VERSIONS = List.of("tls1.0", "tls1.1", "tls1.2", "tls1.3");

    AuthClientConfig() {
    }

    public enum RequestMethod {
        GET, POST;

        /** Case-sensitive like nsqd, which refuses to start on anything but {@code get} or {@code post}. */
        public static RequestMethod parse(String flagValue) {
            if ("get".equals(flagValue)) {
                return GET;
            }
            if ("post".equals(flagValue)) {
                return POST;
            }
            throw new IllegalArgumentException("--auth-http-request-method must be post or get");
        }
    }

    /** {@code host:port} (queried at {@code http://host:port/auth}) or full URLs; empty when auth is disabled. */
    public abstract List<String> addresses();

    /** GET (nsqd 1.3.0) or POST (nsqd master). */
    public abstract RequestMethod requestMethod();

    /** Bound on opening a connection; zero means none, as in Go. */
    public abstract Duration connectTimeout();

    /** Bound on one whole request and its response; zero means none, as in Go. */
    public abstract Duration requestTimeout();

    /** PEM CA certificates trusted for https endpoints; empty for the system's. */
    public abstract Optional<Path> rootCaFile();

    /** {@code tls1.0}, {@code tls1.1}, {@code tls1.2} or {@code tls1.3}. */
    public abstract String tlsMinVersion();

    /** nsqd's defaults for everything but the addresses: GET, 2 s, 5 s, system CAs, TLS 1.0 and up. */
    public static Builder builder() {
        return new AutoValue_AuthClientConfig.Builder()
                .addresses(List.of())
                .requestMethod(RequestMethod.GET)
                .connectTimeout(DEFAULT_CONNECT_TIMEOUT)
                .requestTimeout(DEFAULT_REQUEST_TIMEOUT)
                .tlsMinVersion("tls1.0");
    }

    /** nsqd's defaults, asking {@code addresses}. */
    public static AuthClientConfig defaults(List<String> addresses) {
        return builder().addresses(addresses).build();
    }

    /** nsqd answers AUTH with {@code E_AUTH_DISABLED} and sets {@code auth_required} false when this is false. */
    public boolean enabled() {
        return !addresses().isEmpty();
    }

    @AutoValue.Builder
    public abstract static class Builder {

        Builder() {
        }

        public abstract Builder addresses(List<String> addresses);

        abstract List<String> addresses();

        public abstract Builder requestMethod(RequestMethod method);

        public abstract Builder connectTimeout(Duration timeout);

        public abstract Builder requestTimeout(Duration timeout);

        public abstract Builder rootCaFile(Path file);

        public abstract Builder rootCaFile(Optional<Path> file);

        public abstract Builder tlsMinVersion(String version);

        abstract AuthClientConfig autoBuild();

        /** @throws IllegalArgumentException naming the flag of a negative timeout or an unknown TLS version */
        public AuthClientConfig build() {
            addresses(List.copyOf(addresses()));
            AuthClientConfig config = autoBuild();
            Validation.requireNotNegative(config.connectTimeout(), "--http-client-connect-timeout");
            Validation.requireNotNegative(config.requestTimeout(), "--http-client-request-timeout");
            Validation.require(TLS_VERSIONS.contains(config.tlsMinVersion()),
                    "invalid tls-min-version \"" + config.tlsMinVersion() + "\" (tls1.0, tls1.1, tls1.2, tls1.3)");
            return config;
        }
    }
}
