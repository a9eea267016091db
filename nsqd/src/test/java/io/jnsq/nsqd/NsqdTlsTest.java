package io.jnsq.nsqd;

import io.jnsq.broker.auth.FakeAuthServer;
import io.jnsq.broker.wire.WireClient;
import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** TLS as the launcher wires it: one context built before anything listens, shared by HTTPS and TCP. */
@Timeout(60)
class NsqdTlsTest {

    @TempDir
    Path directory;
    private Path dataPath;
    private X509Bundle ca;
    private Path certFile;
    private Path keyFile;
    private Nsqd nsqd;

    @BeforeEach
    void makeCertificates() throws Exception {
        dataPath = Files.createDirectory(directory.resolve("data"));
        ca = new CertificateBuilder().subject("CN=jnsq test CA").setIsCertificateAuthority(true).ecp256().buildSelfSigned();
        X509Bundle server = new CertificateBuilder().subject("CN=localhost").addSanIpAddress("127.0.0.1")
                .addExtendedKeyUsageServerAuth().ecp256().buildIssuedBy(ca);
        certFile = Files.writeString(directory.resolve("server.crt"), server.getCertificatePathPEM());
        keyFile = Files.writeString(directory.resolve("server.key"), server.getPrivateKeyPEM());
    }

    @AfterEach
    void stop() {
        if (nsqd != null) {
            nsqd.close();
        }
    }

    private Nsqd nsqd(String... args) throws Exception {
        String[] all = new String[args.length + 4];
        all[0] = "--data-path=" + dataPath;
        all[1] = "--tcp-address=127.0.0.1:0";
        all[2] = "--http-address=127.0.0.1:0";
        all[3] = "--https-address=127.0.0.1:0";
        System.arraycopy(args, 0, all, 4, args.length);
        nsqd = new Nsqd(OptionsResolver.resolve(all));
        return nsqd;
    }

    @Test
    void anUnusableKeyStopsStartupNamingTheFilesBeforeAnythingListens() throws Exception {
        Path garbage = Files.writeString(directory.resolve("garbage.key"), "not a key");
        Nsqd broken = nsqd("--tls-cert=" + certFile, "--tls-key=" + garbage);
        StartupException failure = assertThrows(StartupException.class, broken::start);
        assertTrue(failure.getMessage().startsWith("failed to build TLS config - cannot use --tls-cert " + certFile
                + " and --tls-key " + garbage + ": "), failure.getMessage());
        assertThrows(IllegalStateException.class, broken::tcpAddress);
        assertThrows(IllegalStateException.class, broken::httpAddress);
    }

    @Test
    void theAuthClientBuiltAtStartupReachesTheTcpProtocol() throws Exception {
        try (FakeAuthServer auth = FakeAuthServer.start()) {
            Nsqd withAuth = nsqd("--auth-http-address=" + auth.address());
            withAuth.start();
            try (WireClient client = WireClient.connect(withAuth.tcpAddress())) {
                String reply = client.identify("{\"feature_negotiation\":true}").readFrame().text();
                assertTrue(reply.contains("\"auth_required\":true"), reply);
                client.sendWithBody("AUTH", "secret".getBytes(StandardCharsets.UTF_8));
                assertTrue(client.readFrame().text().startsWith("{\"identity\":\"test\""));
                client.pub("t", "m").expectResponse("OK");
            } finally {
                withAuth.close();
            }
            assertEquals(1, auth.requests().size());
        }
    }

    @Test
    void anUnusableRootCaForTheAuthServerStopsStartupAsInNsqd() throws Exception {
        Path garbage = Files.writeString(directory.resolve("garbage-ca.crt"), "not a certificate");
        Nsqd broken = nsqd("--auth-http-address=127.0.0.1:4181", "--tls-root-ca-file=" + garbage);
        StartupException failure = assertThrows(StartupException.class, broken::start);
        assertTrue(failure.getMessage().contains("--tls-root-ca-file " + garbage), failure.getMessage());
        assertThrows(IllegalStateException.class, broken::tcpAddress);
    }

    @Test
    void missingFilesAreFatalWithExitCodeOneEvenWithoutHttps() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Path missing = directory.resolve("missing.crt");
        int exitCode = new Main(new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8))
                .run("--data-path=" + dataPath, "--tcp-address=127.0.0.1:0", "--http-address=", "--https-address=",
                        "--tls-cert=" + missing, "--tls-key=" + keyFile);
        assertEquals(1, exitCode);
        String fatal = err.toString(StandardCharsets.UTF_8);
        assertTrue(fatal.contains(" FATAL: failed to build TLS config - cannot use --tls-cert " + missing + " and --tls-key " + keyFile),
                fatal);
    }

    @Test
    void theTcpProtocolsAreOfferedTheTlsContextOnlyWithACertificate() throws Exception {
        nsqd("--tls-cert=" + certFile, "--tls-key=" + keyFile).start();
        assertEquals("tls", probe(nsqd.tcpAddress()));
        nsqd.close();

        nsqd().start();
        assertEquals("plain", probe(nsqd.tcpAddress()));
    }

    /** Before, HTTPS bound about a second after HTTP answered: a script waiting on /ping raced it. */
    @RepeatedTest(5)
    void onceThePingAnswersTcpAndHttpsAreServedToo() throws Exception {
        int tcp = freePort();
        int http = freePort();
        int https = freePort();
        Nsqd starting = new Nsqd(OptionsResolver.resolve("--data-path=" + dataPath, "--tcp-address=127.0.0.1:" + tcp,
                "--http-address=127.0.0.1:" + http, "--https-address=127.0.0.1:" + https,
                "--tls-cert=" + certFile, "--tls-key=" + keyFile));
        nsqd = starting;
        CompletableFuture<Void> started = CompletableFuture.runAsync(() -> {
            try {
                starting.start();
            } catch (StartupException e) {
                throw new IllegalStateException(e);
            }
        });
        HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest ping = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http + "/ping")).build();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(1)).ignoreExceptions()
                .until(() -> plain.send(ping, HttpResponse.BodyHandlers.ofString()).statusCode() == 200);

        HttpClient secure = HttpClient.newBuilder().sslContext(trustingTheTestCa()).connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> securePing = secure.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + https + "/ping")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals("OK", securePing.body());
        try (Socket socket = NsqdTest.connect(new InetSocketAddress("127.0.0.1", tcp))) {
            socket.getOutputStream().write("  V1".getBytes(StandardCharsets.US_ASCII));
            assertArrayEquals(NsqdTest.BAD_PROTOCOL_FRAME, socket.getInputStream().readAllBytes());
        }
        started.get();
    }

    private static String probe(InetSocketAddress tcp) throws IOException {
        try (Socket socket = NsqdTest.connect(tcp)) {
            socket.getOutputStream().write(TlsProbeProtocolProvider.MAGIC.getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    /** A port the OS just handed out and took back: nsqd must be told its ports before it binds them here. */
    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private SSLContext trustingTheTestCa() throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, ca.toTrustManagerFactory().getTrustManagers(), null);
        return context;
    }
}
