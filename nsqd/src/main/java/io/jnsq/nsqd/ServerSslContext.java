package io.jnsq.nsqd;

import io.jnsq.protocol.tls.ClientAuthPolicy;
import io.jnsq.protocol.tls.TlsSettings;
import io.netty.handler.ssl.SslContext;

import java.nio.file.Path;
import javax.net.ssl.SSLException;

/**
 * The one server {@link SslContext} of a run, built from the {@code --tls-*} options before anything
 * listens, so that an unusable certificate stops startup, and shared by HTTPS and the TCP upgrade.
 */
final class ServerSslContext {

    private ServerSslContext() {
    }

    /**
     * @return the context, or {@code null} without {@code --tls-cert} and {@code --tls-key}
     * @throws StartupException naming the files when they cannot be read or used
     */
    static SslContext build(NsqdConfig config) throws StartupException {
        TlsConfig tls = config.tls();
        if (!tls.enabled()) {
            return null;
        }
        Path rootCa = tls.rootCaFile().isEmpty() ? null : Path.of(tls.rootCaFile());
        try {
            TlsSettings.Builder settings = TlsSettings.builder().certFile(Path.of(tls.cert())).keyFile(Path.of(tls.key()))
                    .clientAuth(ClientAuthPolicy.parse(tls.clientAuthPolicy())).minVersion(tls.minVersion());
            if (rootCa != null) {
                settings.rootCaFile(rootCa);
            }
            return settings.build().newServerContext();
        } catch (SSLException | IllegalArgumentException e) {
            // Netty reports an unreadable key as an IllegalArgumentException, a bad certificate as an SSLException
            throw new StartupException("failed to build TLS config - cannot use --tls-cert " + tls.cert()
                    + " and --tls-key " + tls.key() + (rootCa == null ? "" : " with --tls-root-ca-file " + rootCa)
                    + ": " + e.getMessage(), e);
        }
    }
}
