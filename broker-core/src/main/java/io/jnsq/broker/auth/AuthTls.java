package io.jnsq.broker.auth;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/** nsqd's client TLS for https auth endpoints: {@code --tls-root-ca-file} as trust roots, {@code --tls-min-version} and up. */
final class AuthTls {

    // JDK protocol names, indexed like AuthClientConfig.TLS_VERSIONS
    private static final List<String> JDK_PROTOCOLS = List.of("TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3");

    private AuthTls() {
    }

    /**
     * @param rootCaFile PEM certificates, or {@code null} for the JVM's default trust
     * @throws IllegalArgumentException when the file cannot be read or holds no certificate; nsqd refuses to
     *                                  start then
     */
    static SSLContext context(Path rootCaFile) {
        try {
            if (rootCaFile == null) {
                return SSLContext.getDefault();
            }
            KeyStore roots = KeyStore.getInstance(KeyStore.getDefaultType());
            roots.load(null, null);
            int index = 0;
            for (Certificate certificate : readCertificates(rootCaFile)) {
                roots.setCertificateEntry("root-" + index++, certificate);
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(roots);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("failed to build client TLS config - " + e.getMessage(), e);
        }
    }

    /** The minimum version and every newer one the context supports. */
    static SSLParameters parameters(SSLContext context, String minVersion) {
        Set<String> supported = Set.of(context.getSupportedSSLParameters().getProtocols());
        int from = AuthClientConfig.TLS_VERSIONS.indexOf(minVersion);
        SSLParameters parameters = context.getDefaultSSLParameters();
        parameters.setProtocols(JDK_PROTOCOLS.subList(from, JDK_PROTOCOLS.size()).stream()
                .filter(supported::contains).toArray(String[]::new));
        return parameters;
    }

    private static Collection<? extends Certificate> readCertificates(Path file) throws IOException, GeneralSecurityException {
        Collection<? extends Certificate> certificates;
        try (InputStream in = Files.newInputStream(file)) {
            certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
        }
        if (certificates.isEmpty()) {
            throw new GeneralSecurityException("failed to append certificate to pool");
        }
        return certificates;
    }
}
