package io.jnsq.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.jnsq.broker.Channel;
import io.jnsq.broker.DeadLetterPolicy;
import io.jnsq.broker.config.BrokerConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

import static io.jnsq.server.http.PubTest.assertAnswer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code POST /channel/deadletter} (jnsq's): every refusal, the effect, and what {@code /stats} shows. */
@Timeout(30)
class DeadLetterApiTest {

    @TempDir
    Path dataPath;
    private TestNode node;
    private HttpTestClient http;

    private void start(UnaryOperator<BrokerConfig.Builder> options) throws Exception {
        node = TestNode.start(dataPath, options);
        http = node.client();
        node.broker.topic("orders").channel("billing");
    }

    @AfterEach
    void stop() {
        node.close();
    }

    private Channel billing() {
        return node.broker.findTopic("orders").orElseThrow().findChannel("billing").orElseThrow();
    }

    @Test
    void argumentsAreCheckedInOrderWithAClearReason() throws Exception {
        start(UnaryOperator.identity());
        String channel = "/channel/deadletter?topic=orders&channel=billing";
        assertAnswer(400, "{\"message\":\"MISSING_ARG_TOPIC\"}", http.post("/channel/deadletter"));
        assertAnswer(404, "{\"message\":\"CHANNEL_NOT_FOUND\"}", http.post("/channel/deadletter?topic=orders&channel=nope&max_attempts=3"));
        assertAnswer(400, "{\"message\":\"MISSING_ARG_MAX_ATTEMPTS\"}", http.post(channel));
        assertAnswer(400, "{\"message\":\"INVALID_ARG_MAX_ATTEMPTS\"}", http.post(channel + "&max_attempts=three"));
        assertAnswer(400, "{\"message\":\"INVALID_ARG_MAX_ATTEMPTS\"}", http.post(channel + "&max_attempts=65536"));
        assertAnswer(400, "{\"message\":\"INVALID_ARG_MAX_ATTEMPTS\"}", http.post(channel + "&max_attempts=-1"));
        assertAnswer(400, "{\"message\":\"MISSING_ARG_DEAD_LETTER_TOPIC\"}", http.post(channel + "&max_attempts=3"));
        assertAnswer(400, "{\"message\":\"INVALID_ARG_DEAD_LETTER_TOPIC\"}",
                http.post(channel + "&max_attempts=3&dead_letter_topic=" + "x".repeat(65)));
        assertAnswer(400, "{\"message\":\"INVALID_ARG_DEAD_LETTER_TOPIC\"}", http.post(channel + "&max_attempts=3&dead_letter_topic=a:b"));
        assertAnswer(400, "{\"message\":\"EPHEMERAL_DEAD_LETTER_TOPIC\"}",
                http.post(channel + "&max_attempts=3&dead_letter_topic=dlq%23ephemeral"));
        assertAnswer(400, "{\"message\":\"DEAD_LETTER_TOPIC_IS_CHANNEL_TOPIC\"}", http.post(channel + "&max_attempts=3&dead_letter_topic=orders"));
        assertAnswer(400, "{\"message\":\"DEAD_LETTER_TOPIC_NEEDS_MAX_ATTEMPTS\"}", http.post(channel + "&max_attempts=0&dead_letter_topic=dlq"));
        assertEquals(null, billing().deadLetterSetting(), "nothing set by a refused request");
        assertFalse(node.broker.findTopic("dlq").isPresent());
    }

    @Test
    void aSettingIsInNsqdDatWhenAnsweredCreatesItsTopicAndShowsInStats() throws Exception {
        start(UnaryOperator.identity());
        JsonNode before = JsonShape.parse(http.get("/stats?format=json&topic=orders").body());
        assertFalse(before.at("/topics/0/channels/0").has("max_attempts"), "nsqd's fields alone while unused");

        assertAnswer(200, "", http.post("/channel/deadletter?topic=orders&channel=billing&max_attempts=3&dead_letter_topic=orders.dead"));
        assertEquals(new DeadLetterPolicy(3, "orders.dead"), billing().deadLetterPolicy());
        assertTrue(node.broker.findTopic("orders.dead").isPresent());
        String written = Files.readString(dataPath.resolve("nsqd.dat"));
        assertTrue(written.contains("\"max_attempts\":3,\"dead_letter_topic\":\"orders.dead\""), written);
        assertTrue(written.contains("{\"name\":\"orders.dead\""), written);

        JsonNode channel = JsonShape.parse(http.get("/stats?format=json&topic=orders").body()).at("/topics/0/channels/0");
        assertEquals(3, channel.get("max_attempts").asInt());
        assertEquals("orders.dead", channel.get("dead_letter_topic").asText());
        assertEquals(0, channel.get("dead_letter_count").asInt());

        assertAnswer(200, "", http.post("/channel/deadletter?topic=orders&channel=billing&max_attempts=0"));
        assertEquals(DeadLetterPolicy.OFF, billing().deadLetterPolicy());
    }

    @Test
    void aChannelGivenOnlyMaxAttemptsGetsTheDefaultTopic() throws Exception {
        start(options -> options.messages(m -> m.deadLetterTopic("dlq")));
        assertAnswer(200, "", http.post("/channel/deadletter?topic=orders&channel=billing&max_attempts=4"));
        assertEquals(new DeadLetterPolicy(4, "dlq"), billing().deadLetterPolicy());
    }
}
