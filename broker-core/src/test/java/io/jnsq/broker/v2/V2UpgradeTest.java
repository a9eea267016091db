package io.jnsq.broker.v2;

import io.jnsq.broker.ClientView;
import io.jnsq.broker.config.BrokerConfig;
import io.jnsq.broker.config.TlsRequired;
import io.jnsq.broker.wire.V2TestServer;
import io.jnsq.broker.wire.WireClient;
import io.jnsq.protocol.testing.TestPki;
import io.jnsq.protocol.tls.ClientAuthPolicy;
import io.jnsq.protocol.tls.TlsSettings;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** IDENTIFY's stream upgrades as nsqd makes them: TLS, snappy, deflate, alone and together, and the TLS policy. */
@Timeout(60)
class V2UpgradeTest {

    private static final int MESSAGES = 10_000;

    @TempDir
    Path directory;
    private V2TestServer server;
    private TestPki pki;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private void start(BrokerConfig.Builder config, ClientAuthPolicy policy, String minVersion) throws Exception {
        pki = new TestPki(directory);
        SslContext tls = pki.settings(policy, minVersion).newServerContext();
        server = new V2TestServer(config.build(), tls);
    }

    private void start() throws Exception {
        start(V2TestServer.config(dataPath()), ClientAuthPolicy.NONE, "tls1.2");
    }

    private Path dataPath() throws IOException {
        return Files.createDirectories(directory.resolve("data"));
    }

    private static String negotiate(String features) {
        return "{\"feature_negotiation\":true," + features + "}";
    }

    private WireClient connectTls(SSLContext clientContext) throws Exception {
        WireClient client = server.connect();
        String reply = client.identify(negotiate("\"tls_v1\":true")).readFrame().text();
        assertTrue(reply.contains("\"tls_v1\":true"), reply);
        return client.upgradeTls(clientContext);
    }

    /** A connection that asked for {@code features}, upgraded the way the reply says. */
    private WireClient connect(String features) throws Exception {
        WireClient client = server.connect();
        String reply = client.identify(negotiate(features)).readFrame().text();
        if (reply.contains("\"tls_v1\":true")) {
            client.upgradeTls(pki.clientContext(null));
        }
        if (reply.contains("\"snappy\":true")) {
            client.upgradeSnappy();
        }
        if (reply.contains("\"deflate\":true")) {
            client.upgradeDeflate(6);
        }
        return client;
    }

    // ---- TLS ----------------------------------------------------------------------------------

    @Test
    void tlsUpgradeThenPublishAndSubscribe() throws Exception {
        start();
        try (WireClient consumer = connectTls(pki.clientContext(null));
             WireClient producer = connectTls(pki.clientContext(null))) {
            consumer.subscribe("secure", "ch").send("RDY 1");
            producer.pub("secure", "over tls").expectResponse("OK");
            assertEquals("over tls", consumer.readMessage().text());
            ClientView view = clientNamed(true);
            assertEquals("TLS1.3", view.tlsVersion());
            assertTrue(view.tlsCipherSuite().startsWith("TLS_"), view.tlsCipherSuite());
        }
    }

    private ClientView clientNamed(boolean tls) {
        return server.broker().clients().stream().filter(c -> c.tls() == tls).findFirst().orElseThrow();
    }

    @Test
    void tlsIsNotOfferedWithoutACertificate() throws Exception {
        server = new V2TestServer(V2TestServer.config(directory).build());
        try (WireClient client = server.connect()) {
            String reply = client.identify(negotiate("\"tls_v1\":true")).readFrame().text();
            assertTrue(reply.contains("\"tls_v1\":false"), reply);
            client.pub("plain", "still plain").expectResponse("OK");
        }
    }

    @Test
    void handshakePipelinedRightBehindIdentify() throws Exception {
        start();
        SslContext clientTls = SslContextBuilder.forClient().trustManager(pki.ca.toTrustManagerFactory()).build();
        byte[] identify = WireClient.commandWithBody("IDENTIFY", negotiate("\"tls_v1\":true").getBytes(StandardCharsets.UTF_8));
        ByteArrayOutputStream opening = new ByteArrayOutputStream();
        opening.writeBytes(WireClient.MAGIC_V2);
        opening.writeBytes(identify);
        try (PipelinedTlsClient client = new PipelinedTlsClient(server.address(), opening.toByteArray(), clientTls)) {
            assertTrue(client.nextFrame().contains("\"tls_v1\":true"));
            assertEquals("0:OK", client.nextFrame());
            client.send(WireClient.commandWithBody("PUB pipelined", "m".getBytes(StandardCharsets.UTF_8)));
            assertEquals("0:OK", client.nextFrame());
        }
    }

    @Test
    void clientCertificateRequiredAndVerified() throws Exception {
        start(V2TestServer.config(dataPath()), ClientAuthPolicy.REQUIRE_VERIFY, "tls1.2");
        try (WireClient trusted = connectTls(pki.clientContext(pki.clientIssuedByCa()))) {
            trusted.pub("t", "m").expectResponse("OK");
        }
        for (SSLContext refused : List.of(pki.clientContext(TestPki.strangerClient()), pki.clientContext(null))) {
            try (WireClient client = server.connect()) {
                client.identify(negotiate("\"tls_v1\":true")).readFrame();
                assertThrows(IOException.class, () -> client.upgradeTls(refused).pub("t", "m").expectResponse("OK"));
            }
        }
    }

    @Test
    void minimumVersionRefusesAnOlderClient() throws Exception {
        start(V2TestServer.config(dataPath()), ClientAuthPolicy.NONE, "tls1.3");
        SSLContext tls12 = SSLContext.getInstance("TLSv1.2");
        tls12.init(null, pki.ca.toTrustManagerFactory().getTrustManagers(), null);
        try (WireClient client = server.connect()) {
            client.identify(negotiate("\"tls_v1\":true")).readFrame();
            assertThrows(SSLException.class, () -> client.upgradeTls(tls12));
        }
        try (WireClient client = connectTls(pki.clientContext(null))) {
            client.pub("t", "m").expectResponse("OK");
        }
    }

    @Test
    void tlsRequiredRefusesEveryCommandButIdentifyInPlainText() throws Exception {
        start(V2TestServer.config(dataPath()).clients(c -> c.tlsRequired(TlsRequired.REQUIRED)), ClientAuthPolicy.NONE, "tls1.2");
        for (String line : List.of("PUB t", "NOP", "SUB t c", "FIN 0123456789abcdef", "ASDF x", "")) {
            try (WireClient client = server.connect()) {
                String name = line.contains(" ") ? line.substring(0, line.indexOf(' ')) : line;
                client.send(line).expectFatal("E_INVALID cannot " + name + " in current state (TLS required)");
            }
        }
        try (WireClient client = server.connect()) {
            client.identify(negotiate("\"client_id\":\"x\"")).readFrame();
            client.send("PUB t").expectFatal("E_INVALID cannot PUB in current state (TLS required)");
        }
        try (WireClient client = connectTls(pki.clientContext(null))) {
            client.pub("t", "m").expectResponse("OK");
        }
    }

    // ---- compression ----------------------------------------------------------------------------

    @Test
    void snappySessionsMoveTenThousandMessages() throws Exception {
        start();
        moveMessages("\"snappy\":true", "snappy");
    }

    @Test
    void deflateSessionsMoveTenThousandMessages() throws Exception {
        start();
        moveMessages("\"deflate\":true,\"deflate_level\":6", "deflate");
    }

    @Test
    void snappyInsideTlsMovesTenThousandMessages() throws Exception {
        start();
        moveMessages("\"tls_v1\":true,\"snappy\":true", "tls-snappy");
    }

    @Test
    void deflateInsideTlsMovesTenThousandMessages() throws Exception {
        start();
        moveMessages("\"tls_v1\":true,\"deflate\":true,\"deflate_level\":1", "tls-deflate");
    }

    /** MPUBs of varied bodies on one upgraded connection, every one delivered once on another. */
    private void moveMessages(String features, String topic) throws Exception {
        try (WireClient consumer = connect(features); WireClient producer = connect(features)) {
            consumer.subscribe(topic, "ch").send("RDY 500");
            ThreadLocalRandom random = ThreadLocalRandom.current();
            for (int sent = 0; sent < MESSAGES; sent += 100) {
                List<byte[]> batch = new ArrayList<>();
                for (int i = sent; i < sent + 100; i++) {
                    batch.add(("message " + i + " " + "x".repeat(random.nextInt(300))).getBytes(StandardCharsets.UTF_8));
                }
                producer.sendWithBody("MPUB " + topic, WireClient.mpubBody(batch)).expectResponse("OK");
            }
            Set<String> received = new HashSet<>();
            for (int i = 0; i < MESSAGES; i++) {
                WireClient.Delivery delivery = consumer.readMessage();
                received.add(delivery.text().split(" ")[1]);
                consumer.send("FIN " + delivery.id());
            }
            assertEquals(MESSAGES, received.size());
            ClientView view = server.broker().clients().get(0);
            assertEquals(features.contains("snappy"), view.snappy());
            assertEquals(features.contains("deflate"), view.deflate());
            assertEquals(features.contains("tls"), view.tls());
        }
    }

    @Test
    void compressedCommandsPipelinedBehindIdentify() throws Exception {
        start();
        ByteArrayOutputStream deflated = new ByteArrayOutputStream();
        try (DeflaterOutputStream out = new DeflaterOutputStream(deflated, new Deflater(6, true), 512, true)) {
            out.write(WireClient.commandWithBody("PUB pipelined", "m".getBytes(StandardCharsets.UTF_8)));
            out.flush();
        }
        ByteArrayOutputStream opening = new ByteArrayOutputStream();
        opening.writeBytes(WireClient.commandWithBody("IDENTIFY", negotiate("\"deflate\":true").getBytes(StandardCharsets.UTF_8)));
        opening.writeBytes(deflated.toByteArray());
        try (WireClient client = server.connect()) {
            client.write(opening.toByteArray());
            assertTrue(client.readFrame().text().contains("\"deflate\":true"));
            client.upgradeDeflate(6).expectResponse("OK");
        }
        assertEquals(1, server.broker().findTopic("pipelined").orElseThrow().depth());
    }

    @Test
    void bothCompressionsAreRefused() throws Exception {
        start();
        try (WireClient client = server.connect()) {
            client.identify(negotiate("\"snappy\":true,\"deflate\":true"))
                    .expectFatal("E_IDENTIFY_FAILED cannot enable both deflate and snappy compression");
        }
    }

    @Test
    void deflateLevelIsCappedAndCompressionOffersFollowTheFlags() throws Exception {
        start(V2TestServer.config(dataPath()).clients(c -> c.maxDeflateLevel(3).snappy(false)), ClientAuthPolicy.NONE, "tls1.2");
        try (WireClient client = server.connect()) {
            String reply = client.identify(negotiate("\"snappy\":true")).readFrame().text();
            assertTrue(reply.contains("\"deflate\":false,\"deflate_level\":3,\"max_deflate_level\":3,\"snappy\":false"), reply);
            client.pub("t", "m").expectResponse("OK");
        }
        try (WireClient client = server.connect()) {
            String reply = client.identify(negotiate("\"deflate\":true,\"deflate_level\":9")).readFrame().text();
            assertTrue(reply.contains("\"deflate\":true,\"deflate_level\":3"), reply);
            client.upgradeDeflate(3).pub("t", "m").expectResponse("OK");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"snappy", "deflate"})
    void garbageAfterTheSwitchClosesOnlyThatConnection(String compression) throws Exception {
        start();
        String features = "\"" + compression + "\":true";
        try (WireClient liar = server.connect(); WireClient honest = connect(features)) {
            liar.identify(negotiate(features)).readFrame();
            byte[] garbage = new byte[4096];
            ThreadLocalRandom.current().nextBytes(garbage);
            garbage[0] = 0x00; // snappy: a compressed chunk before the stream identifier
            garbage[1] = (byte) 0xff; // deflate: an invalid block type
            liar.write(garbage);
            liar.drainUntilClosed();
            honest.pub("t", "m").expectResponse("OK");
        }
    }

    @Test
    void commandsSentInPlainTextAfterATlsReplyAreNeverRun() throws Exception {
        start();
        try (WireClient client = server.connect()) {
            client.identify(negotiate("\"tls_v1\":true")).readFrame();
            // not TLS: the server's handshake fails on these bytes, and no command is run
            client.write(WireClient.commandWithBody("PUB never", "m".getBytes(StandardCharsets.UTF_8)));
            String refusal = client.readFrame().text();
            assertTrue(refusal.startsWith("E_IDENTIFY_FAILED IDENTIFY failed "), refusal);
            client.drainUntilClosed();
        }
        assertTrue(server.broker().findTopic("never").isEmpty());
    }
}
