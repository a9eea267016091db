package io.jnsq.nsqd;

import io.jnsq.broker.wire.WireClient;
import io.jnsq.protocol.testing.TestPki;
import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.net.ssl.SSLContext;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged {@code nsqd.jar}, started as the README starts it, negotiating every upgrade: a library
 * missing from the shaded jar (snappy-java once was) shows here and nowhere on the test class path.
 */
@Timeout(60)
class NsqdJarIT {

    @TempDir
    Path directory;
    private NsqdProcess nsqd;
    private TestPki pki;
    private InetSocketAddress address;

    @BeforeEach
    void start() throws Exception {
        pki = new TestPki(directory);
        nsqd = NsqdProcess.startJar(jar(), "--tcp-address=127.0.0.1:0", "--http-address=", "--https-address=",
                "--data-path=" + Files.createDirectories(directory.resolve("data")),
                "--tls-cert=" + pki.certFile, "--tls-key=" + pki.keyFile);
        address = nsqd.awaitTcpAddress();
    }

    private static Path jar() {
        Path jar = Path.of(System.getProperty("nsqd.jar", "target/nsqd.jar"));
        assertTrue(Files.isRegularFile(jar), () -> "no packaged jar at " + jar);
        return jar;
    }

    @AfterEach
    void stop() throws Exception {
        nsqd.close();
    }

    /** nsqd takes OpenSSL's traditional key PEMs; the jar has no BouncyCastle to read them for Netty. */
    @Test
    void aPkcs1KeyFileIsTakenAsNsqdTakesIt() throws Exception {
        X509Bundle rsa = new CertificateBuilder().subject("CN=localhost").addSanIpAddress("127.0.0.1")
                .setIsCertificateAuthority(true).rsa2048().buildSelfSigned();
        Path cert = Files.writeString(directory.resolve("rsa.crt"), rsa.getCertificatePathPEM());
        Path key = Files.writeString(directory.resolve("rsa.key"), TestPki.traditionalPem(rsa.getKeyPair().getPrivate()));
        assertTrue(Files.readString(key).startsWith("-----BEGIN RSA PRIVATE KEY-----"));
        SSLContext trusting = SSLContext.getInstance("TLS");
        trusting.init(null, rsa.toTrustManagerFactory().getTrustManagers(), null);
        try (NsqdProcess withRsa = NsqdProcess.startJar(jar(), "--tcp-address=127.0.0.1:0", "--http-address=",
                "--https-address=", "--data-path=" + Files.createDirectories(directory.resolve("rsa-data")),
                "--tls-cert=" + cert, "--tls-key=" + key);
             WireClient client = WireClient.connect(withRsa.awaitTcpAddress())) {
            client.identify("{\"feature_negotiation\":true,\"tls_v1\":true}").readFrame();
            client.upgradeTls(trusting).pub("rsa", "m").expectResponse("OK");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"snappy", "deflate", "tls_v1"})
    void everyUpgradeWorksFromThePackagedJar(String upgrade) throws Exception {
        try (WireClient client = WireClient.connect(address)) {
            String reply = client.identify("{\"feature_negotiation\":true,\"" + upgrade + "\":true}").readFrame().text();
            assertTrue(reply.contains("\"" + upgrade + "\":true"), reply);
            switch (upgrade) {
                case "snappy" -> client.upgradeSnappy();
                case "deflate" -> client.upgradeDeflate(6);
                default -> client.upgradeTls(pki.clientContext(null));
            }
            client.pub("packaged", "m").expectResponse("OK");
        }
    }
}
