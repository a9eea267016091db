package io.jnsq.nsqd;

import io.jnsq.broker.Options;
import io.jnsq.protocol.tls.ClientAuthPolicy;
import io.jnsq.protocol.tls.TlsSettings;
import io.netty.handler.ssl.SslContext;

import javax.net.ssl.SSLException;
import java.nio.file.Path;

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
    static SslContext build(Options options) throws StartupException {
        if (!options.tlsEnabled()) {
            return null;
        }
        Path rootCa = options.tlsRootCaFile().isEmpty() ? null : Path.of(options.tlsRootCaFile());
        try {
            return new TlsSettings(Path.of(options.tlsCert()), Path.of(options.tlsKey()),
                    ClientAuthPolicy.parse(options.tlsClientAuthPolicy()), rootCa, options.tlsMinVersion())
                    .newServerContext();
        } catch (SSLException | IllegalArgumentException e) {
            // Netty reports an unreadable key as an IllegalArgumentException, a bad certificate as an SSLException
            throw new StartupException("failed to build TLS config - cannot use --tls-cert " + options.tlsCert()
                    + " and --tls-key " + options.tlsKey() + (rootCa == null ? "" : " with --tls-root-ca-file " + rootCa)
                    + ": " + e.getMessage(), e);
        }
    }
}
