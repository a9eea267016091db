package io.jnsq.server.http;

import io.jnsq.broker.Channel;
import io.jnsq.broker.Topic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static io.jnsq.server.http.PubTest.assertAnswer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code /topic/*} and {@code /channel/*}: effects, and every error in nsqd's check order. */
@Timeout(30)
class TopicChannelTest {

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

    @Test
    void topicCreateValidatesThenCreates() throws Exception {
        assertAnswer(400, "{\"message\":\"MISSING_ARG_TOPIC\"}", http.post("/topic/create"));
        assertAnswer(400, "{\"message\":\"INVALID_TOPIC\"}", http.post("/topic/create?topic=name$"));
        assertAnswer(200, "", http.post("/topic/create?topic=t"));
        assertTrue(node.broker.findTopic("t").isPresent());
    }

    @Test
    void topicDeleteDoesNotValidateTheName() throws Exception {
        assertAnswer(400, "{\"message\":\"MISSING_ARG_TOPIC\"}", http.post("/topic/delete"));
        assertAnswer(404, "{\"message\":\"TOPIC_NOT_FOUND\"}", http.post("/topic/delete?topic=name$"));
        assertAnswer(404, "{\"message\":\"TOPIC_NOT_FOUND\"}", http.post("/topic/delete?topic=nope"));
        node.broker.topic("t");
        assertAnswer(200, "", http.post("/topic/delete?topic=t"));
        assertFalse(node.broker.findTopic("t").isPresent());
    }

    @Test
    void topicEmptyValidatesTheName() throws Exception {
        assertAnswer(400, "{\"message\":\"MISSING_ARG_TOPIC\"}", http.post("/topic/empty"));
        assertAnswer(400, "{\"message\":\"INVALID_TOPIC\"}", http.post("/topic/empty?topic=name$"));
        assertAnswer(404, "{\"message\":\"TOPIC_NOT_FOUND\"}", http.post("/topic/empty?topic=nope"));
        http.post("/pub?topic=t", "held while there is no channel");
        assertEquals(1, node.broker.findTopic("t").orElseThrow().depth());
        assertAnswer(200, "", http.post("/topic/empty?topic=t"));
        assertEquals(0, node.broker.findTopic("t").orElseThrow().depth());
    }

    @Test
    void topicPauseAndUnpausePersistMetadata() throws Exception {
        assertAnswer(400, "{\"message\":\"MISSING_ARG_TOPIC\"}", http.post("/topic/pause"));
        assertAnswer(404, "{\"message\":\"TOPIC_NOT_FOUND\"}", http.post("/topic/pause?topic=name$"));
        Topic topic = node.broker.topic("t");
        assertAnswer(200, "", http.post("/topic/pause?topic=t"));
        assertTrue(topic.paused());
        assertTrue(nsqdDat().contains("{\"name\":\"t\",\"paused\":true"), nsqdDat());
        assertAnswer(200, "", http.post("/topic/unpause?topic=t"));
        assertFalse(topic.paused());
        assertTrue(nsqdDat().contains("{\"name\":\"t\",\"paused\":false"), nsqdDat());
    }

    @Test
    void channelArgumentsAreCheckedInNsqdOrder() throws Exception {
        for (String action : new String[]{"create", "delete", "empty", "pause", "unpause"}) {
            String path = "/channel/" + action;
            assertAnswer(400, "{\"message\":\"MISSING_ARG_TOPIC\"}", http.post(path + "?channel=c"));
            assertAnswer(400, "{\"message\":\"INVALID_ARG_TOPIC\"}", http.post(path + "?topic=name$&channel=c"));
            assertAnswer(400, "{\"message\":\"MISSING_ARG_CHANNEL\"}", http.post(path + "?topic=nope"));
            assertAnswer(400, "{\"message\":\"INVALID_ARG_CHANNEL\"}", http.post(path + "?topic=nope&channel=c$"));
            assertAnswer(404, "{\"message\":\"TOPIC_NOT_FOUND\"}", http.post(path + "?topic=nope&channel=c"));
        }
        // /channel/* never creates the topic
        assertFalse(node.broker.findTopic("nope").isPresent());
        node.broker.topic("t");
        for (String action : new String[]{"delete", "empty", "pause", "unpause"}) {
            assertAnswer(404, "{\"message\":\"CHANNEL_NOT_FOUND\"}", http.post("/channel/" + action + "?topic=t&channel=c"));
        }
    }

    @Test
    void channelLifecycle() throws Exception {
        Topic topic = node.broker.topic("t");
        assertAnswer(200, "", http.post("/channel/create?topic=t&channel=c"));
        Channel channel = topic.findChannel("c").orElseThrow();
        http.post("/pub?topic=t", "m");
        assertEquals(1, channel.depth());

        assertAnswer(200, "", http.post("/channel/pause?topic=t&channel=c"));
        assertTrue(channel.paused());
        assertTrue(nsqdDat().contains("{\"name\":\"c\",\"paused\":true}"), nsqdDat());
        assertAnswer(200, "", http.post("/channel/unpause?topic=t&channel=c"));
        assertFalse(channel.paused());
        assertTrue(nsqdDat().contains("{\"name\":\"c\",\"paused\":false}"), nsqdDat());

        assertAnswer(200, "", http.post("/channel/empty?topic=t&channel=c"));
        assertEquals(0, channel.depth());
        assertAnswer(200, "", http.post("/channel/delete?topic=t&channel=c"));
        assertFalse(topic.findChannel("c").isPresent());
    }

    private String nsqdDat() throws java.io.IOException {
        return java.nio.file.Files.readString(dataPath.resolve("nsqd.dat"));
    }
}
