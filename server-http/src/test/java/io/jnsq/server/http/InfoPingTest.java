package io.jnsq.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static io.jnsq.server.http.PubTest.assertAnswer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

@Timeout(30)
class InfoPingTest {

    @TempDir
    Path dataPath;

    @Test
    void infoHasTheShapeOfNsqdsAndTheRealPorts() throws Exception {
        try (TestNode node = TestNode.start(dataPath, config -> config.clients(c -> c.maxDeflateLevel(7)))) {
            HttpResponse<String> response = node.client().get("/info");
            JsonNode info = JsonShape.parse(response.body());
            JsonShape.assertSameShape(JsonShape.sample("info.json"), info);
            assertEquals("1.3.0", info.get("version").asText());
            assertEquals("127.0.0.1", info.get("broadcast_address").asText());
            assertFalse(info.get("hostname").asText().isEmpty());
            assertEquals(node.httpAddress().getPort(), info.get("http_port").asInt());
            assertEquals(node.tcpAddress().getPort(), info.get("tcp_port").asInt());
            assertEquals(node.broker.startTimeSeconds(), info.get("start_time").asLong());
            assertEquals(60_000_000_000L, info.get("max_heartbeat_interval").asLong());
            assertEquals(30_000_000_000L, info.get("max_output_buffer_timeout").asLong());
            assertEquals(65536, info.get("max_output_buffer_size").asInt());
            assertEquals(7, info.get("max_deflate_level").asInt());
        }
    }

    @Test
    void pingTurnsNokWhenTheBackendFails() throws Exception {
        // a data path that is a file: the topic's disk queue cannot store anything
        Path notADirectory = Files.createFile(dataPath.resolve("file"));
        try (TestNode node = TestNode.start(notADirectory, config -> config.queues(q -> q.memQueueSize(0)))) {
            HttpTestClient http = node.client();
            assertAnswer(200, "OK", http.get("/ping"));
            assertAnswer(503, "{\"message\":\"EXITING\"}", http.post("/pub?topic=t", "x"));
            HttpResponse<String> ping = http.get("/ping");
            assertEquals(500, ping.statusCode());
            assertEquals(node.broker.health().status(), ping.body());
            assertEquals("NOK - ", ping.body().substring(0, 6));
            assertEquals(Optional.of("text/plain; charset=utf-8"), ping.headers().firstValue("Content-Type"));
            assertEquals(Optional.empty(), ping.headers().firstValue("X-Nsq-Content-Type"));
            assertEquals(ping.body(), JsonShape.parse(http.get("/stats?format=json").body()).get("health").asText());
        }
    }
}
