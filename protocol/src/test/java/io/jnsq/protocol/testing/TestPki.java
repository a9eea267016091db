package io.jnsq.protocol.testing;

import io.jnsq.protocol.tls.ClientAuthPolicy;
import io.jnsq.protocol.tls.TlsSettings;
import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;

/** Certificates made for one test: a CA, a server certificate for 127.0.0.1, and client certificates. */
public final class TestPki {

    public final X509Bundle ca;
    public final X509Bundle server;
    public final Path certFile;
    public final Path keyFile;
    public final Path caFile;

    public TestPki(Path directory) throws Exception {
        ca = new CertificateBuilder().subject("CN=jnsq test CA").setIsCertificateAuthority(true).ecp256().buildSelfSigned();
        server = new CertificateBuilder().subject("CN=localhost").addSanIpAddress("127.0.0.1").addSanDnsName("localhost")
                .addExtendedKeyUsageServerAuth().ecp256().buildIssuedBy(ca);
        certFile = Files.writeString(directory.resolve("server.crt"), server.getCertificatePathPEM());
        keyFile = Files.writeString(directory.resolve("server.key"), server.getPrivateKeyPEM());
        caFile = Files.writeString(directory.resolve("ca.crt"), ca.getCertificatePEM());
    }

    /** {@code key} in OpenSSL's traditional PEM (PKCS#1 for RSA, SEC1 for EC), as BouncyCastle writes it. */
    /** The server's certificate and key, the test CA as the root when {@code policy} verifies clients. */
    public TlsSettings settings(ClientAuthPolicy policy, String minVersion) {
        TlsSettings.Builder settings = TlsSettings.builder().certFile(certFile).keyFile(keyFile).clientAuth(policy)
                .minVersion(minVersion);
        if (policy == ClientAuthPolicy.REQUIRE_VERIFY) {
            settings.rootCaFile(caFile);
        }
        return settings.build();
    }

    public static String traditionalPem(PrivateKey key) throws IOException {
        StringWriter pem = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(pem)) {
            writer.writeObject(key);
        }
        return pem.toString();
    }

    /** A client certificate issued by the test CA. */
    public X509Bundle clientIssuedByCa() throws Exception {
        return new CertificateBuilder().subject("CN=client").addExtendedKeyUsageClientAuth().ecp256().buildIssuedBy(ca);
    }

    /** A client certificate from a CA the server does not know. */
    public static X509Bundle strangerClient() throws Exception {
        X509Bundle otherCa = new CertificateBuilder().subject("CN=other CA").setIsCertificateAuthority(true).ecp256().buildSelfSigned();
        return new CertificateBuilder().subject("CN=stranger").addExtendedKeyUsageClientAuth().ecp256().buildIssuedBy(otherCa);
    }

    /** A client context that trusts the test CA and shows {@code clientCertificate} when not null. */
    public SSLContext clientContext(X509Bundle clientCertificate) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        KeyManagerFactory keys = clientCertificate == null ? null : clientCertificate.toKeyManagerFactory();
        context.init(keys == null ? null : keys.getKeyManagers(), ca.toTrustManagerFactory().getTrustManagers(), null);
        return context;
    }
}
