package io.jnsq.server.http;

import io.jnsq.broker.config.TlsRequired;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What every endpoint shares: headers, router answers, keep-alive, malformed requests. */
@Timeout(30)
class HttpConventionsTest {

    @TempDir
    Path dataPath;
    private TestNode node;
    private HttpTestClient http;

    @BeforeEach
    void start() throws InterruptedException {
        node = TestNode.start(dataPath);
        http = node.client();
    }

    @AfterEach
    void stop() {
        node.close();
    }

    private void restart(TlsRequired tlsRequired) throws InterruptedException {
        node.close();
        node = TestNode.start(dataPath, config -> config.clients(c -> c.tlsRequired(tlsRequired)));
        http = node.client();
    }

    @Test
    void pingIsPlainOkWithoutTheNsqHeader() throws Exception {
        HttpResponse<String> ping = http.get("/ping");
        assertEquals(200, ping.statusCode());
        assertEquals("OK", ping.body());
        assertEquals(Optional.of("text/plain; charset=utf-8"), ping.headers().firstValue("Content-Type"));
        assertEquals(Optional.of("2"), ping.headers().firstValue("Content-Length"));
        assertEquals(Optional.empty(), ping.headers().firstValue("X-Nsq-Content-Type"));
        assertTrue(ping.headers().firstValue("Date").isPresent());
    }

    @Test
    void jsonAnswersCarryJsonAndNsqContentTypes() throws Exception {
        HttpResponse<String> info = http.get("/info");
        assertEquals(Optional.of("application/json; charset=utf-8"), info.headers().firstValue("Content-Type"));
        assertEquals(Optional.of("nsq; version=1.0"), info.headers().firstValue("X-Nsq-Content-Type"));
    }

    @Test
    void emptyAnswersHaveNoContentTypeAndZeroLength() throws Exception {
        HttpResponse<String> created = http.post("/topic/create?topic=t");
        assertEquals(200, created.statusCode());
        assertEquals("", created.body());
        assertEquals(Optional.of("0"), created.headers().firstValue("Content-Length"));
        assertEquals(Optional.empty(), created.headers().firstValue("Content-Type"));
        assertEquals(Optional.of("nsq; version=1.0"), created.headers().firstValue("X-Nsq-Content-Type"));
    }

    @Test
    void unknownPathIsNotFoundJson() throws Exception {
        HttpResponse<String> missing = http.get("/nope");
        assertEquals(404, missing.statusCode());
        assertEquals("{\"message\":\"NOT_FOUND\"}", missing.body());
        assertEquals(Optional.of("application/json; charset=utf-8"), missing.headers().firstValue("Content-Type"));
        assertEquals(Optional.of("nsq; version=1.0"), missing.headers().firstValue("X-Nsq-Content-Type"));
    }

    @Test
    void wrongMethodIsMethodNotAllowedWithAllow() throws Exception {
        HttpResponse<String> post = http.post("/stats");
        assertEquals(405, post.statusCode());
        assertEquals("{\"message\":\"METHOD_NOT_ALLOWED\"}", post.body());
        assertEquals(Optional.of("GET, OPTIONS"), post.headers().firstValue("Allow"));
    }

    @Test
    void headIsNotMappedToGet() throws Exception {
        HttpResponse<String> head = http.send("HEAD", "/ping", java.net.http.HttpRequest.BodyPublishers.noBody());
        assertEquals(405, head.statusCode());
        assertEquals(Optional.of("GET, OPTIONS"), head.headers().firstValue("Allow"));
    }

    @Test
    void optionsListsTheMethods() throws Exception {
        HttpResponse<String> options = http.send("OPTIONS", "/config/log_level", java.net.http.HttpRequest.BodyPublishers.noBody());
        assertEquals(200, options.statusCode());
        assertEquals(Optional.of("GET, OPTIONS, PUT"), options.headers().firstValue("Allow"));
        assertEquals("", options.body());
    }

    @Test
    void trailingSlashRedirects() throws Exception {
        HttpResponse<String> get = http.get("/stats/?format=json");
        assertEquals(301, get.statusCode());
        assertEquals(Optional.of("/stats?format=json"), get.headers().firstValue("Location"));
        assertEquals("<a href=\"/stats?format=json\">Moved Permanently</a>.\n\n", get.body());
        HttpResponse<String> post = http.post("/pub/?topic=t", "x");
        assertEquals(307, post.statusCode());
        assertEquals(Optional.of("/pub?topic=t"), post.headers().firstValue("Location"));
    }

    @Test
    void badPercentEscapeInTheQueryIsInvalidRequest() throws IOException {
        try (RawHttpConnection connection = new RawHttpConnection(node.httpAddress())) {
            RawHttpConnection.Response stats = connection.write("GET /stats?topic=%zz HTTP/1.1\r\nHost: x\r\n\r\n").read();
            assertEquals(400, stats.status());
            assertEquals("{\"message\":\"INVALID_REQUEST\"}", stats.text());
            // a handler that never reads the query never notices
            assertEquals(200, connection.write("GET /ping?x=%zz HTTP/1.1\r\nHost: x\r\n\r\n").read().status());
        }
    }

    @Test
    void handlerFailureIsInternalError() throws Exception {
        node.options.failing("tls_min_version");
        HttpResponse<String> config = http.get("/config/tls_min_version");
        assertEquals(500, config.statusCode());
        assertEquals("{\"message\":\"INTERNAL_ERROR\"}", config.body());
    }

    @Test
    void keepAliveServesTwoRequestsOnOneConnection() throws IOException {
        try (RawHttpConnection connection = new RawHttpConnection(node.httpAddress())) {
            connection.write("GET /ping HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "POST /pub?topic=ka HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello");
            RawHttpConnection.Response ping = connection.read();
            RawHttpConnection.Response pub = connection.read();
            assertEquals("HTTP/1.1 200 OK", ping.statusLine());
            assertEquals("OK", ping.text());
            assertEquals("OK", pub.text());
            assertNull(pub.header("Connection"));
            assertEquals(1, node.broker.findTopic("ka").orElseThrow().depth());
        }
    }

    @Test
    void connectionCloseIsHonoured() throws IOException {
        try (RawHttpConnection connection = new RawHttpConnection(node.httpAddress())) {
            connection.write("GET /ping HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            RawHttpConnection.Response ping = connection.read();
            assertEquals("close", ping.header("Connection"));
            assertTrue(connection.closedByServer());
        }
    }

    @Test
    void expectContinueIsAnsweredBeforeTheBodyIsSent() throws IOException {
        try (RawHttpConnection connection = new RawHttpConnection(node.httpAddress())) {
            connection.write("POST /pub?topic=t HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
            assertEquals("HTTP/1.1 100 Continue", connection.read().statusLine());
            RawHttpConnection.Response published = connection.write("hello").read();
            assertEquals(200, published.status());
            assertEquals("OK", published.text());
        }
    }

    @Test
    void http10ConnectionsCloseAfterTheAnswer() throws IOException {
        try (RawHttpConnection connection = new RawHttpConnection(node.httpAddress())) {
            RawHttpConnection.Response ping = connection.write("GET /ping HTTP/1.0\r\n\r\n").read();
            assertEquals("HTTP/1.0 200 OK", ping.statusLine());
            assertEquals("OK", ping.text());
            assertTrue(connection.closedByServer());
        }
    }

    @Test
    void http10KeepAliveIsHonoured() throws IOException {
        try (RawHttpConnection connection = new RawHttpConnection(node.httpAddress())) {
            RawHttpConnection.Response first = connection.write("GET /ping HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").read();
            assertEquals("keep-alive", first.header("Connection"));
            assertEquals("OK", connection.write("GET /ping HTTP/1.0\r\n\r\n").read().text());
        }
    }

    @Test
    void malformedRequestLineIsBadRequestThenClose() throws IOException {
        try (RawHttpConnection connection = new RawHttpConnection(node.httpAddress())) {
            connection.write("GET /p%zz HTTP/1.1\r\nHost: x\r\n\r\n");
            RawHttpConnection.Response response = connection.read();
            assertEquals(400, response.status());
            assertEquals("400 Bad Request", response.text());
            assertTrue(connection.closedByServer());
        }
    }

    @Test
    void plainListenerRefusesEverythingWhenTlsIsRequired() throws Exception {
        restart(TlsRequired.REQUIRED);
        for (String path : new String[]{"/ping", "/nope", "/stats?format=json"}) {
            HttpResponse<String> refused = http.get(path);
            assertEquals(403, refused.statusCode());
            assertEquals("{\"message\": \"TLS_REQUIRED\", \"https_port\": 5152}", refused.body());
            assertEquals(Optional.of("application/json; charset=utf-8"), refused.headers().firstValue("Content-Type"));
            assertEquals(Optional.of("nsq; version=1.0"), refused.headers().firstValue("X-Nsq-Content-Type"));
        }
    }

    @Test
    void tlsRequiredForTcpOnlyLeavesPlainHttpOpen() throws Exception {
        restart(TlsRequired.REQUIRED_EXCEPT_HTTP);
        assertEquals(200, http.get("/ping").statusCode());
        assertFalse(http.get("/ping").body().contains("TLS_REQUIRED"));
    }

    // ---- corners where Go's server answers without a body, or refuses the head -------------------

    @Test
    void endlessChunkedBodyOnAWrongMethodIsAnsweredAtOnce() throws Exception {
        try (RawHttpConnection connection = new RawHttpConnection(node.httpAddress())) {
            long started = System.nanoTime();
            // the body never ends: the answer must not wait for it
            connection.write("POST /ping HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "10\r\n0123456789abcdef\r\n");
            RawHttpConnection.Response refused = connection.read();
            assertEquals(405, refused.status());
            assertEquals("close", refused.header("Connection"));
            assertTrue(System.nanoTime() - started < 2_000_000_000L, "answered within 2 s");
            connection.write("10\r\n0123456789abcdef\r\n"); // more of it, dropped
            assertTrue(connection.closedByServer());
        }
    }

    @Test
    void shortBodyOnAnIgnoringRouteKeepsTheConnection() throws Exception {
        try (RawHttpConnection connection = new RawHttpConnection(node.httpAddress())) {
            assertEquals(405, connection.write("POST /ping HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello")
                    .read().status());
            assertEquals(200, connection.write("GET /ping HTTP/1.1\r\nHost: x\r\n\r\n").read().status());
        }
    }

    @Test
    void http11WithoutHostIsABadRequestAsGoWordsIt() throws Exception {
        try (RawHttpConnection connection = new RawHttpConnection(node.httpAddress())) {
            RawHttpConnection.Response refused = connection.write("GET /ping HTTP/1.1\r\n\r\n").read();
            assertEquals("HTTP/1.1 400 Bad Request: missing required Host header", refused.statusLine());
            assertEquals("400 Bad Request: missing required Host header", refused.text());
            assertTrue(connection.closedByServer());
        }
        try (RawHttpConnection connection = new RawHttpConnection(node.httpAddress())) {
            RawHttpConnection.Response refused = connection.write("GET /ping HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n").read();
            assertEquals("HTTP/1.1 400 Bad Request: too many Host headers", refused.statusLine());
        }
        try (RawHttpConnection connection = new RawHttpConnection(node.httpAddress())) {
            assertEquals(200, connection.write("GET /ping HTTP/1.0\r\n\r\n").read().status());
        }
    }
}
