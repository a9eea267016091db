package io.jnsq.broker.auth;

import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** https endpoints, trusted through {@code --tls-root-ca-file}, and nsqd's 403 {@code https_port} redirect. */
class AuthClientHttpsTest {

    private static final AuthRequest GOOD = new AuthRequest("good", "127.0.0.1", false, "");
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @TempDir
    Path directory;

    private Path caFile;
    private FakeAuthServer https;
    private FakeAuthServer plain;

    @BeforeEach
    void start() throws Exception {
        X509Bundle ca = new CertificateBuilder().subject("CN=jnsq test CA").setIsCertificateAuthority(true).ecp256().buildSelfSigned();
        X509Bundle server = new CertificateBuilder().subject("CN=localhost").addSanIpAddress("127.0.0.1")
                .addExtendedKeyUsageServerAuth().ecp256().buildIssuedBy(ca);
        caFile = Files.writeString(directory.resolve("ca.crt"), ca.getCertificatePEM());
        SSLContext serverTls = SSLContext.getInstance("TLS");
        serverTls.init(server.toKeyManagerFactory().getKeyManagers(), null, null);
        https = FakeAuthServer.startHttps(serverTls);
        plain = FakeAuthServer.start().reply(403, "{\"https_port\":" + https.port() + "}");
    }

    @AfterEach
    void stop() {
        https.close();
        plain.close();
    }

    private AuthClient client(Path rootCa, String address) {
        return new AuthClient(AuthClientConfig.builder().addresses(List.of(address)).connectTimeout(TIMEOUT)
                .requestTimeout(TIMEOUT).rootCaFile(Optional.ofNullable(rootCa)).tlsMinVersion("tls1.2").build());
    }

    @Test
    void queriesAnHttpsEndpointTrustingTheRootCa() throws Exception {
        AuthState state = client(caFile, "https://" + https.address() + "/auth").query(GOOD).get(10, TimeUnit.SECONDS);
        assertEquals("test", state.identity());
    }

    @Test
    void aForbiddenWithAnHttpsPortIsRetriedOverHttps() throws Exception {
        AuthState state = client(caFile, plain.address()).query(GOOD).get(10, TimeUnit.SECONDS);

        assertEquals("test", state.identity());
        assertEquals(1, plain.requests().size());
        String expected = "/auth?common_name=&remote_ip=127.0.0.1&secret=good&tls=false";
        assertEquals(expected, plain.requests().get(0).pathAndQuery());
        assertEquals(expected, https.requests().get(0).pathAndQuery());
    }

    @Test
    void theHttpsRetryIsNotRetriedAgain() throws Exception {
        https.reply(403, "{\"https_port\":" + https.port() + "}");
        ExecutionException failed = assertThrows(ExecutionException.class,
                () -> client(caFile, plain.address()).query(GOOD).get(10, TimeUnit.SECONDS));
        String message = assertInstanceOf(AuthException.class, failed.getCause()).getMessage();
        assertTrue(message.endsWith("got response 403 \"{\"https_port\":" + https.port() + "}\""), message);
        assertEquals(1, https.requests().size());
    }

    @Test
    void anUntrustedCertificateFails() {
        ExecutionException failed = assertThrows(ExecutionException.class,
                () -> client(null, plain.address()).query(GOOD).get(10, TimeUnit.SECONDS));
        String message = assertInstanceOf(AuthException.class, failed.getCause()).getMessage();
        assertTrue(message.startsWith("failed to auth against " + plain.address() + " - javax.net.ssl.SSLHandshakeException: "), message);
        assertTrue(https.requests().isEmpty());
    }
}
