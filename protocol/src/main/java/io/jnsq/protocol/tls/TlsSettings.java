package io.jnsq.protocol.tls;

import com.google.auto.value.AutoValue;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * nsqd's server-side TLS options, shared by the TCP upgrade (IDENTIFY {@code tls_v1}) and the HTTPS
 * listener, as the launcher maps them from {@code --tls-cert}, {@code --tls-key},
 * {@code --tls-client-auth-policy}, {@code --tls-root-ca-file} and {@code --tls-min-version}. Built by name:
 * the three files are all paths, and a certificate swapped for a key must not compile unnoticed.
 */
@AutoValue
public abstract class TlsSettings {

    // JDK protocol names, oldest first, indexed like nsqd's tls1.0 .. tls1.3
    private static final List<String> VERSIONS = List.of("tls1.0", "tls1.1", "tls1.2", "tls1.3");
    private static final List<String> JDK_PROTOCOLS = List.of("TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3");

    TlsSettings() {
    }

    /** PEM certificate chain. */
    public abstract Path certFile();

    /** PEM private key: PKCS#8, PKCS#1 ({@code RSA PRIVATE KEY}) or SEC1 ({@code EC PRIVATE KEY}). */
    public abstract Path keyFile();

    public abstract ClientAuthPolicy clientAuth();

    /** PEM CA certificates that client certificates must chain to; empty for the system's. */
    public abstract Optional<Path> rootCaFile();

    /** {@code tls1.0}, {@code tls1.1}, {@code tls1.2} or {@code tls1.3}. */
    public abstract String minVersion();

    /** No client certificates asked for, TLS 1.2 and newer: nsqd's defaults. */
    public static Builder builder() {
        return new AutoValue_TlsSettings.Builder().clientAuth(ClientAuthPolicy.NONE).minVersion("tls1.2");
    }

    @AutoValue.Builder
    public abstract static class Builder {

        Builder() {
        }

        public abstract Builder certFile(Path certFile);

        public abstract Builder keyFile(Path keyFile);

        public abstract Builder clientAuth(ClientAuthPolicy clientAuth);

        public abstract Builder rootCaFile(Path rootCaFile);

        public abstract Builder minVersion(String minVersion);

        abstract TlsSettings autoBuild();

        /** @throws IllegalArgumentException for a minimum version nsqd does not know */
        public TlsSettings build() {
            TlsSettings settings = autoBuild();
            if (!VERSIONS.contains(settings.minVersion())) {
                throw new IllegalArgumentException("invalid tls-min-version \"" + settings.minVersion()
                        + "\" (tls1.0, tls1.1, tls1.2, tls1.3)");
            }
            return settings;
        }
    }

    /**
     * A server context for every TLS listener and upgrade: OpenSSL (BoringSSL) through netty-tcnative when
     * it is on the class path, the JDK's implementation otherwise. Built once and shared.
     *
     * @throws SSLException when the certificate, key or CA file cannot be read or used
     */
    public SslContext newServerContext() throws SSLException {
        SslContextBuilder builder = SslContextBuilder.forServer(read(certFile()), pkcs8Key())
                .sslProvider(provider())
                .protocols(enabledProtocols());
        switch (clientAuth()) {
            case REQUIRE:
                builder.clientAuth(ClientAuth.REQUIRE).trustManager(InsecureTrustManagerFactory.INSTANCE);
                break;
            case REQUIRE_VERIFY:
                builder.clientAuth(ClientAuth.REQUIRE);
                rootCaFile().ifPresent(ca -> builder.trustManager(ca.toFile()));
                break;
            default:
                break;
        }
        return builder.build();
    }

    /** The key file as PKCS#8, whichever PEM form nsqd would take it in. */
    private InputStream pkcs8Key() throws SSLException {
        String pem = new String(read(keyFile()).readAllBytes(), StandardCharsets.US_ASCII);
        return new ByteArrayInputStream(PrivateKeyPem.toPkcs8(pem).getBytes(StandardCharsets.US_ASCII));
    }

    private static ByteArrayInputStream read(Path file) throws SSLException {
        try {
            return new ByteArrayInputStream(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new SSLException("cannot read " + file + ": " + e, e);
        }
    }

    /** The provider {@link #newServerContext()} uses. */
    public static SslProvider provider() {
        return OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
    }

    /** The minimum version and every newer one this JVM supports (it may still disable old ones by policy). */
    private String[] enabledProtocols() throws SSLException {
        Set<String> supported;
        try {
            supported = Set.of(SSLContext.getDefault().getSupportedSSLParameters().getProtocols());
        } catch (NoSuchAlgorithmException e) {
            throw new SSLException("no default TLS implementation", e);
        }
        List<String> newer = JDK_PROTOCOLS.subList(VERSIONS.indexOf(minVersion()), JDK_PROTOCOLS.size());
        return newer.stream().filter(supported::contains).toArray(String[]::new);
    }
}
