package io.jnsq.nsqd;

import io.jnsq.broker.wire.WireClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The daemon as wired by the launcher: HTTP API and TCP protocol over one broker. */
@Timeout(30)
class NsqdHttpTest {

    @TempDir
    Path dataPath;
    private Nsqd nsqd;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        nsqd = new Nsqd(OptionsResolver.resolve("--tcp-address=127.0.0.1:0", "--http-address=127.0.0.1:0",
                "--data-path=" + dataPath));
        nsqd.start();
    }

    @AfterEach
    void stop() {
        nsqd.close();
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + nsqd.httpAddress().getPort() + path);
        return http.send(HttpRequest.newBuilder(uri).method(method, HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void pingAndInfoReportTheRealPorts() throws Exception {
        assertEquals("OK", send("GET", "/ping", "").body());
        String info = send("GET", "/info", "").body();
        assertTrue(info.startsWith("{\"version\":\"1.3.0\""), info);
        assertTrue(info.contains("\"tcp_port\":" + nsqd.tcpAddress().getPort()), info);
        assertTrue(info.contains("\"http_port\":" + nsqd.httpAddress().getPort()), info);
    }

    @Test
    void aMessagePublishedOverHttpReachesATcpConsumer() throws Exception {
        try (WireClient consumer = WireClient.connect(nsqd.tcpAddress())) {
            consumer.subscribe("web", "workers");
            consumer.send("RDY 1");
            HttpResponse<String> published = send("POST", "/pub?topic=web", "from http");
            assertEquals(200, published.statusCode());
            assertEquals("OK", published.body());
            assertEquals("from http", consumer.readMessage().text());
        }
        String stats = send("GET", "/stats?format=json&topic=web", "").body();
        assertTrue(stats.contains("\"topic_name\":\"web\""), stats);
        assertTrue(stats.contains("\"message_count\":1"), stats);
    }
}
