package io.jnsq.broker.auth;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AuthClientTest {

    private static final AuthRequest GOOD = new AuthRequest("good", "127.0.0.1", false, "");
    /** For the tests about timeouts; the others get room enough for a loaded 2-core CI machine. */
    private static final Duration SHORT = Duration.ofMillis(300);
    private static final Duration ROOMY = Duration.ofSeconds(5);

    private final List<FakeAuthServer> servers = new ArrayList<>();

    @AfterEach
    void closeServers() {
        servers.forEach(FakeAuthServer::close);
    }

    private FakeAuthServer server() throws Exception {
        FakeAuthServer server = FakeAuthServer.start();
        servers.add(server);
        return server;
    }

    /** An address nothing listens on any more. */
    private String deadAddress() throws Exception {
        FakeAuthServer server = FakeAuthServer.start();
        server.close();
        return server.address();
    }

    private static AuthClient client(AuthClientConfig.RequestMethod method, String... addresses) {
        return new AuthClient(AuthClientConfig.builder().addresses(List.of(addresses)).requestMethod(method)
                .connectTimeout(ROOMY).requestTimeout(ROOMY).tlsMinVersion("tls1.2").build());
    }

    private static AuthClient impatientClient(String address) {
        return new AuthClient(AuthClientConfig.builder().addresses(List.of(address)).connectTimeout(SHORT)
                .requestTimeout(SHORT).tlsMinVersion("tls1.2").build());
    }

    private static AuthClient client(String... addresses) {
        return client(AuthClientConfig.RequestMethod.GET, addresses);
    }

    private static AuthState await(CompletableFuture<AuthState> future) throws Exception {
        return future.get(10, TimeUnit.SECONDS);
    }

    private static String failure(CompletableFuture<AuthState> future) {
        ExecutionException failed = assertThrows(ExecutionException.class, () -> future.get(10, TimeUnit.SECONDS));
        return assertInstanceOf(AuthException.class, failed.getCause()).getMessage();
    }

    @Test
    void getsTheGrantWithTheFormInTheQueryString() throws Exception {
        FakeAuthServer auth = server().reply("{\"ttl\":60,\"identity\":\"bob\",\"identity_url\":\"http://x/bob\","
                + "\"authorizations\":[{\"topic\":\"t\",\"channels\":[\".*\"],\"permissions\":[\"publish\"]}]}");

        AuthState state = await(client(auth.address()).query(GOOD));

        assertEquals("bob", state.identity());
        assertEquals("http://x/bob", state.identityUrl());
        assertEquals(1, state.permissionCount());
        assertTrue(state.allows("t", ""));
        FakeAuthServer.Request request = auth.requests().get(0);
        assertEquals("GET", request.method());
        assertEquals("/auth?common_name=&remote_ip=127.0.0.1&secret=good&tls=false", request.pathAndQuery());
        assertEquals("application/vnd.nsq; version=1.0", request.header("Accept"));
        assertEquals("", request.body());
    }

    @Test
    void escapesTheQueryLikeGo() throws Exception {
        FakeAuthServer auth = server();
        await(client(auth.address()).query(new AuthRequest("a b*~&=é", "::1", true, "CN x")));
        assertEquals("/auth?common_name=CN+x&remote_ip=%3A%3A1&secret=a+b%2A~%26%3D%C3%A9&tls=true",
                auth.requests().get(0).pathAndQuery());
    }

    @Test
    void aUrlAddressIsTheEndpointAsIs() throws Exception {
        FakeAuthServer auth = server();
        await(client("http://" + auth.address() + "/v1/check").query(GOOD));
        assertEquals("/v1/check?common_name=&remote_ip=127.0.0.1&secret=good&tls=false", auth.requests().get(0).pathAndQuery());
    }

    @Test
    void postsTheFormAsJson() throws Exception {
        FakeAuthServer auth = server();

        await(client(AuthClientConfig.RequestMethod.POST, auth.address()).query(new AuthRequest("s", "127.0.0.1", false, "")));

        FakeAuthServer.Request request = auth.requests().get(0);
        assertEquals("POST", request.method());
        assertEquals("/auth", request.pathAndQuery());
        assertEquals("application/json", request.header("Content-Type"));
        assertEquals("application/vnd.nsq; version=1.0", request.header("Accept"));
        assertEquals("{\"common_name\":[\"\"],\"remote_ip\":[\"127.0.0.1\"],\"secret\":[\"s\"],\"tls\":[\"false\"]}", request.body());
    }

    @Test
    void theFirstAddressThatAnswersWins() throws Exception {
        FakeAuthServer failing = server().reply(500, "boom");
        FakeAuthServer good = server();
        AuthClient client = client(deadAddress(), failing.address(), good.address());

        for (int i = 0; i < 6; i++) { // the starting address is random: every order ends at the good one
            assertEquals("test", await(client.query(GOOD)).identity());
        }
        assertEquals(6, good.requests().size());
    }

    @Test
    void failsWithEveryAddresssErrorWhenNoneAnswers() throws Exception {
        String dead = deadAddress();
        FakeAuthServer failing = server().reply(500, "boom");
        FakeAuthServer invalid = server().reply("{\"ttl\":0}");

        String message = failure(client(dead, failing.address(), invalid.address()).query(GOOD));

        assertTrue(message.contains("failed to auth against " + dead + " - "), message);
        assertTrue(message.contains("failed to auth against " + failing.address() + " - got response 500 \"boom\""), message);
        assertTrue(message.contains("failed to auth against " + invalid.address() + " - invalid TTL 0 (must be >0)"), message);
        assertEquals(2, message.split("; ").length - 1, message);
        assertEquals(1, failing.requests().size());
        assertEquals(1, invalid.requests().size());
    }

    @Test
    void anInvalidGrantFailsTheQuery() throws Exception {
        FakeAuthServer auth = server().reply("{\"ttl\":60,\"authorizations\":[{\"topic\":\"t\",\"channels\":[],\"permissions\":[\"all\"]}]}");
        assertEquals("failed to auth against " + auth.address() + " - unknown permission all",
                failure(client(auth.address()).query(GOOD)));

        auth.reply("{\"ttl\":60,\"authorizations\":[{\"topic\":\"(\",\"channels\":[],\"permissions\":[]}]}");
        assertTrue(failure(client(auth.address()).query(GOOD)).contains("unable to compile topic \"(\""));
    }

    @Test
    void aServerThatNeverAnswersFailsWithinTheRequestTimeout() throws Exception {
        FakeAuthServer silent = server().delay(Duration.ofMinutes(1));
        long start = System.nanoTime();

        String message = failure(impatientClient(silent.address()).query(GOOD));

        assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(3)) < 0, message);
        assertTrue(message.startsWith("failed to auth against " + silent.address()), message);
    }

    @Test
    void aBodyThatNeverComesFailsWithinTheRequestTimeout() throws Exception {
        FakeAuthServer stalling = server().delayBody(Duration.ofMinutes(1));
        long start = System.nanoTime();

        String message = failure(impatientClient(stalling.address()).query(GOOD));

        assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(3)) < 0, message);
        assertTrue(message.contains("no complete response within 300ms"), message);
    }

    @Test
    void aForbiddenWithoutHttpsPortIsAFailure() throws Exception {
        FakeAuthServer auth = server().reply(403, "{\"message\":\"no\"}");
        assertEquals("failed to auth against " + auth.address() + " - got response 403 \"{\"message\":\"no\"}\"",
                failure(client(auth.address()).query(GOOD)));
        assertEquals(1, auth.requests().size());
    }

    @Test
    void stampsTheGrantWithTheGivenClock() throws Exception {
        FakeAuthServer auth = server().reply("{\"ttl\":1,\"authorizations\":[]}");
        AtomicLong now = new AtomicLong(42);
        AuthClient client = new AuthClient(AuthClientConfig.defaults(List.of(auth.address())), now::get);

        AuthState state = await(client.query(GOOD));

        assertEquals(42, state.receivedAtNanos());
        assertFalse(state.hasAuthorizations());
        assertFalse(state.expired(42 + Duration.ofSeconds(1).toNanos()));
        assertTrue(state.expired(43 + Duration.ofSeconds(1).toNanos()));
    }

    @Test
    void needsAnAddress() {
        assertThrows(IllegalArgumentException.class, () -> new AuthClient(AuthClientConfig.defaults(List.of())));
    }

    @Test
    void anUnreadableRootCaFileIsAStartupError() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> new AuthClient(
                AuthClientConfig.builder().addresses(List.of("127.0.0.1:1")).connectTimeout(SHORT).requestTimeout(SHORT)
                        .rootCaFile(java.nio.file.Path.of("/nonexistent/ca.pem")).tlsMinVersion("tls1.2").build()));
        assertTrue(refused.getMessage().startsWith("failed to build client TLS config - "), refused.getMessage());
    }

    @Test
    void aBadAddressFailsWithoutShowingTheSecret() throws Exception {
        FakeAuthServer good = server();
        AuthClient client = client("bad host:1", "ftp://" + good.address() + "/auth", good.address());
        for (int i = 0; i < 3; i++) { // every starting point
            assertEquals("test", await(client.query(GOOD)).identity());
        }

        String message = failure(client("bad host:1", "ftp://" + good.address()).query(GOOD));
        assertTrue(message.contains("failed to auth against bad host:1 - invalid endpoint http://bad host:1/auth: "), message);
        assertTrue(message.contains("failed to auth against ftp://" + good.address() + " - invalid endpoint"), message);
        assertFalse(message.contains("secret"), message);
    }

    @Test
    void theRequestDoesNotShowTheSecret() {
        assertFalse(GOOD.toString().contains("good"));
    }
}
