package io.jnsq.broker.v2;

import io.jnsq.broker.ClientView;
import io.jnsq.broker.auth.AuthClientConfig;
import io.jnsq.broker.auth.FakeAuthServer;
import io.jnsq.broker.wire.V2TestServer;
import io.jnsq.broker.wire.WireClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** AUTH against a real HTTP auth server, with nsqd's answers, order of checks and TTL renewal. */
@Timeout(30)
class V2AuthTest {

    private static final String PUBLISH_ONLY_ALLOWED = "{\"ttl\":3600,\"identity\":\"bob\",\"identity_url\":\"http://x/bob\","
            + "\"authorizations\":[{\"topic\":\"allow\",\"channels\":[\".*\"],\"permissions\":[\"publish\"]}]}";

    @TempDir
    Path dataPath;
    private FakeAuthServer auth;
    private V2TestServer server;

    @BeforeEach
    void startAuthServer() throws Exception {
        auth = FakeAuthServer.start();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        auth.close();
    }

    /** Room enough for a loaded 2-core CI machine; the slow-server test sets its own short timeout. */
    private void start(String... authAddresses) throws Exception {
        start(Duration.ofSeconds(5), authAddresses);
    }

    private void start(Duration requestTimeout, String... authAddresses) throws Exception {
        server = new V2TestServer(V2TestServer.config(dataPath).build(), null,
                AuthClientConfig.builder().addresses(List.of(authAddresses)).requestTimeout(requestTimeout).build());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void authAllowsAndIsReportedInIdentifyAndStats() throws Exception {
        start(auth.address());
        try (WireClient client = server.connect()) {
            String reply = client.identify("{\"feature_negotiation\":true}").readFrame().text();
            assertTrue(reply.contains("\"auth_required\":true"), reply);
            client.sendWithBody("AUTH", bytes("good"))
                    .expectResponse("{\"identity\":\"test\",\"identity_url\":\"http://auth.example/test\",\"permission_count\":1}");
            client.pub("t", "m").expectResponse("OK");
            client.subscribe("t", "c");
            ClientView view = server.broker().clients().get(0);
            assertTrue(view.authed());
            assertEquals("test", view.authIdentity());
            assertEquals("http://auth.example/test", view.authIdentityUrl());
        }
        assertEquals("/auth?common_name=&remote_ip=127.0.0.1&secret=good&tls=false", auth.requests().get(0).pathAndQuery());
    }

    @Test
    void commandsBeforeAuthAreRefused() throws Exception {
        start(auth.address());
        for (String command : List.of("PUB", "DPUB", "MPUB", "SUB")) {
            try (WireClient client = server.connect()) {
                switch (command) {
                    case "PUB" -> client.pub("t", "m");
                    case "DPUB" -> client.sendWithBody("DPUB t 10", bytes("m"));
                    case "MPUB" -> client.send("MPUB t"); // refused before its body, as nsqd does
                    default -> client.send("SUB t c");
                }
                client.expectFatal("E_AUTH_FIRST AUTH required before " + command);
            }
        }
        assertTrue(auth.requests().isEmpty());
    }

    @Test
    void grantsAreCheckedWithNsqdsRules() throws Exception {
        auth.reply(PUBLISH_ONLY_ALLOWED);
        start(auth.address());
        try (WireClient client = server.connect()) {
            client.sendWithBody("AUTH", bytes("s"))
                    .expectResponse("{\"identity\":\"bob\",\"identity_url\":\"http://x/bob\",\"permission_count\":1}");
            client.pub("myallowtopic", "unanchored").expectResponse("OK");
            client.pub("other", "m").expectFatal("E_UNAUTHORIZED AUTH failed for PUB on \"other\" \"\"");
        }
        try (WireClient client = server.connect()) {
            client.sendWithBody("AUTH", bytes("s")).readFrame();
            client.send("MPUB other").expectFatal("E_UNAUTHORIZED AUTH failed for MPUB on \"other\" \"\"");
        }
        try (WireClient client = server.connect()) {
            client.sendWithBody("AUTH", bytes("s")).readFrame();
            client.send("SUB allow c").expectFatal("E_UNAUTHORIZED AUTH failed for SUB on \"allow\" \"c\"");
        }
    }

    @Test
    void secondAuthAndEmptyGrantsAndDisabledAuth() throws Exception {
        start(auth.address());
        try (WireClient client = server.connect()) {
            client.sendWithBody("AUTH", bytes("s")).readFrame();
            client.sendWithBody("AUTH", bytes("s")).expectFatal("E_INVALID AUTH already set");
        }
        auth.reply("{\"ttl\":60,\"identity\":\"nobody\",\"authorizations\":[]}");
        try (WireClient client = server.connect()) {
            client.sendWithBody("AUTH", bytes("s")).expectFatal("E_UNAUTHORIZED AUTH no authorizations found");
        }
        server.close();
        server = new V2TestServer(V2TestServer.config(dataPath.resolve("plain")).build());
        try (WireClient client = server.connect()) {
            client.sendWithBody("AUTH", bytes("s")).expectFatal("E_AUTH_DISABLED AUTH disabled");
        }
    }

    @Test
    void anExpiredGrantIsAskedForAgain() throws Exception {
        auth.reply("{\"ttl\":1,\"identity\":\"short\",\"authorizations\":[{\"topic\":\".*\",\"channels\":[\".*\"],"
                + "\"permissions\":[\"publish\"]}]}");
        start(auth.address());
        try (WireClient client = server.connect()) {
            client.sendWithBody("AUTH", bytes("s")).readFrame();
            client.pub("t", "while fresh").expectResponse("OK");
            assertEquals(1, auth.requests().size());
            long expiry = System.nanoTime() + Duration.ofMillis(1100).toNanos();
            await().atMost(Duration.ofSeconds(3)).until(() -> System.nanoTime() > expiry);
            auth.reply(PUBLISH_ONLY_ALLOWED);
            client.pub("t", "after expiry").expectFatal("E_UNAUTHORIZED AUTH failed for PUB on \"t\" \"\"");
        }
        assertEquals(2, auth.requests().size());
        assertEquals(1, server.broker().findTopic("t").orElseThrow().depth());
    }

    @Test
    void authServerDownIsAuthFailed() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        start("127.0.0.1:" + closedPort);
        try (WireClient client = server.connect()) {
            client.sendWithBody("AUTH", bytes("s")).expectFatal("E_AUTH_FAILED AUTH failed");
        }
    }

    @Test
    void aSlowAuthServerFailsWithinTheTimeoutWhileOthersAreServed() throws Exception {
        auth.delay(Duration.ofMinutes(1));
        start(Duration.ofMillis(500), auth.address());
        try (WireClient waiting = server.connect(); WireClient other1 = server.connect(); WireClient other2 = server.connect()) {
            waiting.sendWithBody("AUTH", bytes("s"));
            // both event loops answer while the auth query is out
            other1.sendWithBody("AUTH", bytes("x")); // also waits: the server is slow for everyone
            other2.send("NOP").send("SUB t c").expectFatal("E_AUTH_FIRST AUTH required before SUB");
            long started = System.nanoTime();
            waiting.expectFatal("E_AUTH_FAILED AUTH failed");
            assertTrue(System.nanoTime() - started < Duration.ofSeconds(3).toNanos());
            other1.expectFatal("E_AUTH_FAILED AUTH failed");
        }
    }

    @Test
    void commandsPipelinedBehindAuthWaitTheirTurn() throws Exception {
        auth.delay(Duration.ofMillis(200));
        start(auth.address());
        ByteArrayOutputStream pipelined = new ByteArrayOutputStream();
        pipelined.writeBytes(WireClient.commandWithBody("AUTH", bytes("s")));
        pipelined.writeBytes(WireClient.commandWithBody("PUB t", bytes("one")));
        pipelined.writeBytes(WireClient.commandWithBody("PUB t", bytes("two")));
        try (WireClient client = server.connect()) {
            client.write(pipelined.toByteArray());
            assertTrue(client.readFrame().text().startsWith("{\"identity\""));
            client.expectResponse("OK").expectResponse("OK");
        }
        assertEquals(2, server.broker().findTopic("t").orElseThrow().depth());
    }
}
