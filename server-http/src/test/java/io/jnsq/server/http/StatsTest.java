package io.jnsq.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.jnsq.broker.Channel;
import io.jnsq.broker.wire.WireClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code /stats} against captures of the real nsqd, with the state they were taken in: a topic with a
 * channel, a TCP consumer holding a message in flight, and a TCP producer.
 */
@Timeout(60)
class StatsTest {

    @TempDir
    Path dataPath;
    private TestNode node;
    private HttpTestClient http;
    private WireClient consumer;
    private WireClient producer;

    @BeforeEach
    void start() throws Exception {
        node = TestNode.start(dataPath);
        http = node.client();
    }

    @AfterEach
    void stop() throws Exception {
        if (consumer != null) {
            consumer.close();
        }
        if (producer != null) {
            producer.close();
        }
        node.close();
    }

    /** The sample state: orders/archive, 5 messages, one in flight to the consumer, one TCP publish. */
    private void sampleState() throws Exception {
        http.post("/topic/create?topic=orders");
        http.post("/channel/create?topic=orders&channel=archive");
        http.post("/mpub?topic=orders", "m1\nm2\nm3\nm4");
        consumer = WireClient.connect(node.tcpAddress())
                .identify("{\"client_id\":\"sample\",\"hostname\":\"sample-host\",\"user_agent\":\"sample/1.0\"}")
                .expectResponse("OK")
                .subscribe("orders", "archive").send("RDY 1");
        consumer.readMessage();
        producer = WireClient.connect(node.tcpAddress())
                .identify("{\"client_id\":\"conformance\",\"hostname\":\"conformance-host\",\"user_agent\":\"nsq-conformance-raw/1.0\"}")
                .expectResponse("OK")
                .pub("orders", "m5").expectResponse("OK");
    }

    @Test
    void jsonHasTheShapeOfNsqdsStats() throws Exception {
        sampleState();
        JsonNode stats = json("/stats?format=json");
        JsonShape.assertSameShape(JsonShape.sample("stats.json"), stats);
        JsonNode channel = stats.at("/topics/0/channels/0");
        assertEquals("archive", channel.get("channel_name").asText());
        assertEquals(1, channel.get("in_flight_count").asInt());
        assertEquals(4, channel.get("depth").asInt());
        assertEquals(5, channel.get("message_count").asInt());
        JsonNode client = channel.at("/clients/0");
        assertEquals("sample", client.get("client_id").asText());
        assertEquals("sample-host", client.get("hostname").asText());
        assertEquals(3, client.get("state").asInt());
        assertEquals(1, client.get("ready_count").asInt());
        assertTrue(client.get("remote_address").asText().matches("127\\.0\\.0\\.1:\\d+"));
        JsonNode producerStats = stats.at("/producers/0");
        assertEquals("conformance", producerStats.get("client_id").asText());
        assertEquals("{\"topic\":\"orders\",\"count\":1}", producerStats.get("pub_counts").get(0).toString());
        assertEquals(5, stats.at("/topics/0/message_count").asInt());
        assertEquals(10, stats.at("/topics/0/message_bytes").asInt());
    }

    @Test
    void richerStateHasTheShapeOfNsqdsStatsToo() throws Exception {
        sampleState();
        http.post("/topic/create?topic=empty_topic");
        http.post("/channel/create?topic=empty_topic&channel=paused_ch");
        http.post("/channel/pause?topic=empty_topic&channel=paused_ch");
        JsonNode stats = json("/stats?format=json");
        JsonShape.assertSameShape(JsonShape.sample("stats-richer.json"), stats);
        assertEquals("empty_topic", stats.at("/topics/0/topic_name").asText());
        assertTrue(stats.at("/topics/0/channels/0/paused").asBoolean());
        assertEquals("[]", stats.at("/topics/0/channels/0/clients").toString());
    }

    @Test
    void excludingClientsKeepsTheirCountButNullsTheLists() throws Exception {
        sampleState();
        JsonNode stats = json("/stats?format=json&include_clients=false");
        JsonShape.assertSameShape(JsonShape.sample("stats-no-clients.json"), stats);
        assertEquals(1, stats.at("/topics/0/channels/0/client_count").asInt());
        assertTrue(stats.at("/topics/0/channels/0/clients").isNull());
        assertTrue(stats.get("producers").isNull());
    }

    @Test
    void emptyNodeStartsLikeNsqdsAndNullsWhatGoLeavesNil() throws Exception {
        String body = http.get("/stats?format=json").body();
        // nsqd's own test pins this prefix: key order and [] for no topics
        assertTrue(Pattern.compile("^\\{\"version\":\"1\\.3\\.0\",\"health\":\"OK\",\"start_time\":\\d+,\"topics\":\\[\\],\"memory\":\\{")
                .matcher(body).find(), body);
        assertTrue(body.endsWith(",\"producers\":null}"), body);
    }

    @Test
    void unknownTopicFilterIsNullTopics() throws Exception {
        sampleState();
        JsonNode stats = json("/stats?format=json&topic=unknown");
        assertTrue(stats.get("topics").isNull());
        assertTrue(stats.get("producers").isNull());
    }

    @Test
    void filtersSelectTopicAndChannel() throws Exception {
        sampleState();
        http.post("/topic/create?topic=other");
        http.post("/channel/create?topic=orders&channel=second");
        JsonNode byTopic = json("/stats?format=json&topic=orders");
        assertEquals(1, byTopic.get("topics").size());
        assertEquals(2, byTopic.at("/topics/0/channels").size());
        JsonNode byChannel = json("/stats?format=json&topic=orders&channel=second");
        assertEquals("second", byChannel.at("/topics/0/channels/0/channel_name").asText());
        assertEquals(1, byChannel.at("/topics/0/channels").size());
        // a channel filter skips topics without that channel
        JsonNode channelOnly = json("/stats?format=json&channel=archive");
        assertEquals(1, channelOnly.get("topics").size());
        assertEquals("[]", json("/stats?format=json&channel=nope").get("topics").toString());
        // producers stay listed under a topic filter
        assertEquals(1, byTopic.get("producers").size());
    }

    @Test
    void memoryIsOmittedOnRequest() throws Exception {
        assertTrue(json("/stats?format=json").has("memory"));
        assertTrue(json("/stats?format=json&include_mem=whatever").has("memory"));
        assertFalse(json("/stats?format=json&include_mem=false").has("memory"));
        assertFalse(json("/stats?format=json&include_mem=0").has("memory"));
        JsonShape.assertSameShape(JsonShape.sample("stats.json").get("memory"), json("/stats?format=json").get("memory"));
    }

    @Test
    void countersFollowDeliveryAndFinish() throws Exception {
        http.post("/topic/create?topic=flow");
        http.post("/channel/create?topic=flow&channel=c");
        consumer = WireClient.connect(node.tcpAddress()).subscribe("flow", "c").send("RDY 1");
        assertEquals("OK", http.post("/pub?topic=flow", "over http").body());
        WireClient.Delivery message = consumer.readMessage();
        assertEquals("over http", message.text());
        JsonNode inFlight = json("/stats?format=json&topic=flow");
        assertEquals(1, inFlight.at("/topics/0/message_count").asInt());
        assertEquals(0, inFlight.at("/topics/0/channels/0/depth").asInt());
        assertEquals(1, inFlight.at("/topics/0/channels/0/in_flight_count").asInt());
        assertEquals(1, inFlight.at("/topics/0/channels/0/clients/0/in_flight_count").asInt());
        assertEquals(1, inFlight.at("/topics/0/channels/0/clients/0/message_count").asInt());

        consumer.send("FIN " + message.id());
        Channel channel = node.broker.findTopic("flow").orElseThrow().findChannel("c").orElseThrow();
        await().until(() -> channel.inFlightCount() == 0);
        JsonNode finished = json("/stats?format=json&topic=flow");
        assertEquals(0, finished.at("/topics/0/channels/0/in_flight_count").asInt());
        assertEquals(1, finished.at("/topics/0/channels/0/clients/0/finish_count").asInt());
        assertEquals(0, finished.at("/topics/0/channels/0/clients/0/in_flight_count").asInt());

        http.post("/pub?topic=flow", "second");
        consumer.readMessage();
        http.post("/pub?topic=flow", "third");
        JsonNode waiting = json("/stats?format=json&topic=flow");
        assertEquals(3, waiting.at("/topics/0/message_count").asInt());
        assertEquals(1, waiting.at("/topics/0/channels/0/depth").asInt());
        assertEquals(1, waiting.at("/topics/0/channels/0/in_flight_count").asInt());
    }

    @Test
    void textLayoutMatchesNsqdByteForByte() throws Exception {
        sampleState();
        http.post("/topic/create?topic=empty_topic");
        http.post("/channel/create?topic=empty_topic&channel=paused_ch");
        http.post("/channel/pause?topic=empty_topic&channel=paused_ch");
        HttpResponse<String> response = http.get("/stats");
        assertEquals(Optional.of("text/plain; charset=utf-8"), response.headers().firstValue("Content-Type"));
        assertEquals(Optional.of("nsq; version=1.0"), response.headers().firstValue("X-Nsq-Content-Type"));
        String[] lines = response.body().split("\n", -1);
        assertTrue(lines[0].matches("nsqd v1\\.3\\.0 \\(built w/\\S+\\)"), lines[0]);
        assertTrue(lines[1].matches("start_time \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(Z|[+-]\\d\\d:\\d\\d)"), lines[1]);
        assertTrue(lines[2].matches("uptime (\\d+(\\.\\d+)?(ns|µs|ms|s)|\\d+m\\d+(\\.\\d+)?s)"), lines[2]);
        String port = "\\d+";
        List<String> expected = List.of(
                "",
                "Health: OK",
                "",
                "Memory:",
                "   heap_objects             \t\\d+",
                "   heap_idle_bytes          \t\\d+",
                "   heap_in_use_bytes        \t\\d+",
                "   heap_released_bytes      \t\\d+",
                "   gc_pause_usec_100        \t\\d+",
                "   gc_pause_usec_99         \t\\d+",
                "   gc_pause_usec_95         \t\\d+",
                "   next_gc_bytes            \t\\d+",
                "   gc_total_runs            \t\\d+",
                "",
                "Topics:",
                q("   [empty_topic    ] depth: 0     be-depth: 0     msgs: 0        e2e%: "),
                q("   *P [paused_ch                ] depth: 0     be-depth: 0     inflt: 0    def: 0    re-q: 0     timeout: 0     msgs: 0        e2e%: "),
                "",
                q("   [orders         ] depth: 0     be-depth: 0     msgs: 5        e2e%: "),
                q("      [archive                  ] depth: 4     be-depth: 0     inflt: 1    def: 0    re-q: 0     timeout: 0     msgs: 5        e2e%: "),
                q("        [V2 sample-host:") + port + q(" sample/1.0] state: 3 inflt: 1    rdy: 1    fin: 0        re-q: 0        msgs: 1        connected: ") + "\\d+s",
                "",
                "Producers:",
                q("   [V2 conformance-host:") + port + q(" nsq-conformance-raw/1.0] msgs: 1        topics: orders=1 connected: ") + "\\d+s",
                "");
        assertEquals(expected.size() + 3, lines.length, response.body());
        for (int i = 0; i < expected.size(); i++) {
            String line = lines[i + 3];
            assertTrue(line.matches(expected.get(i)), "line " + (i + 3) + ": [" + line + "] !~ " + expected.get(i));
        }
    }

    @Test
    void textSaysNoneForNoTopicsAndNoProducersAndCanOmitMemory() throws Exception {
        String body = http.get("/stats?format=text&include_mem=false").body();
        assertTrue(body.endsWith("\n\nHealth: OK\n\nTopics: None\n\nProducers: None\n"), body);
        assertFalse(body.contains("Memory:"));
    }

    @Test
    void pausedTopicIsMarkedInText() throws Exception {
        http.post("/topic/create?topic=t");
        http.post("/topic/pause?topic=t");
        assertTrue(http.get("/stats?include_mem=0").body()
                .contains("\nTopics:\n*P [t              ] depth: 0     be-depth: 0     msgs: 0        e2e%: \n"));
    }

    private JsonNode json(String path) throws Exception {
        HttpResponse<String> response = http.get(path);
        assertEquals(200, response.statusCode(), response.body());
        assertEquals(Optional.of("application/json; charset=utf-8"), response.headers().firstValue("Content-Type"));
        return JsonShape.parse(response.body());
    }

    private static String q(String literal) {
        return Pattern.quote(literal);
    }
}
