package io.jnsq.broker.auth;

import io.jnsq.broker.Options;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How nsqd reaches its auth servers, from {@code --auth-http-address} (repeatable),
 * {@code --auth-http-request-method}, {@code --http-client-connect-timeout},
 * {@code --http-client-request-timeout}, {@code --tls-root-ca-file} and {@code --tls-min-version}.
 *
 * @param addresses      {@code host:port} (queried at {@code http://host:port/auth}) or full URLs; empty when
 *                       auth is disabled
 * @param requestMethod  GET (nsqd 1.3.0) or POST (nsqd master)
 * @param connectTimeout bound on opening a connection; zero means none, as in Go
 * @param requestTimeout bound on one whole request and its response; zero means none, as in Go
 * @param rootCaFile     PEM CA certificates trusted for https endpoints; {@code null} for the system's
 * @param tlsMinVersion  {@code tls1.0}, {@code tls1.1}, {@code tls1.2} or {@code tls1.3}
 */
public record AuthClientConfig(List<String> addresses, RequestMethod requestMethod, Duration connectTimeout,
                               Duration requestTimeout, Path rootCaFile, String tlsMinVersion) {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(5);

    static final List<String> TLS_VERSIONS = List.of("tls1.0", "tls1.1", "tls1.2", "tls1.3");

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

    public AuthClientConfig {
        addresses = List.copyOf(addresses);
        Objects.requireNonNull(requestMethod, "requestMethod");
        requireNotNegative(connectTimeout, "--http-client-connect-timeout");
        requireNotNegative(requestTimeout, "--http-client-request-timeout");
        if (!TLS_VERSIONS.contains(tlsMinVersion)) {
            throw new IllegalArgumentException("invalid tls-min-version \"" + tlsMinVersion + "\" (tls1.0, tls1.1, tls1.2, tls1.3)");
        }
    }

    /** nsqd's defaults for everything but the addresses: GET, 2 s, 5 s, system CAs, TLS 1.0 and up. */
    public static AuthClientConfig defaults(List<String> addresses) {
        return new AuthClientConfig(addresses, RequestMethod.GET, DEFAULT_CONNECT_TIMEOUT, DEFAULT_REQUEST_TIMEOUT,
                null, "tls1.0");
    }

    /** @throws IllegalArgumentException naming the flag when the request method is neither get nor post */
    public static AuthClientConfig from(Options options) {
        String rootCa = options.tlsRootCaFile();
        return new AuthClientConfig(options.authHttpAddresses(), RequestMethod.parse(options.authHttpRequestMethod()),
                options.httpClientConnectTimeout(), options.httpClientRequestTimeout(),
                rootCa == null || rootCa.isEmpty() ? null : Path.of(rootCa), options.tlsMinVersion());
    }

    /** nsqd answers AUTH with {@code E_AUTH_DISABLED} and sets {@code auth_required} false when this is false. */
    public boolean enabled() {
        return !addresses.isEmpty();
    }

    private static void requireNotNegative(Duration timeout, String flag) {
        Objects.requireNonNull(timeout, flag);
        if (timeout.isNegative()) {
            throw new IllegalArgumentException(flag + " must not be negative: " + timeout);
        }
    }
}
