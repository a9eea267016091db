package io.jnsq.server.http;

import io.jnsq.broker.Topic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code /pub} and {@code /mpub}: nsqd's check order, both MPUB formats, and body limits. */
@Timeout(30)
class PubTest {

    private static final int MAX_MSG_SIZE = 100;
    private static final int MAX_BODY_SIZE = 1000;

    @TempDir
    Path dataPath;
    private TestNode node;
    private HttpTestClient http;

    @BeforeEach
    void start() throws InterruptedException {
        node = TestNode.start(dataPath, config -> config.messages(m -> m.maxMsgSize(MAX_MSG_SIZE).maxBodySize(MAX_BODY_SIZE)));
        http = node.client();
    }

    @AfterEach
    void stop() {
        node.close();
    }

    @Test
    void pubAnswersOkAndQueuesTheBody() throws Exception {
        assertAnswer(200, "OK", http.post("/pub?topic=t", "hello"));
        Topic topic = node.broker.findTopic("t").orElseThrow();
        assertEquals(1, topic.messageCount());
        assertEquals(5, topic.messageBytes());
    }

    @Test
    void pubChecksTheBodyBeforeTheTopic() throws Exception {
        assertAnswer(400, "{\"message\":\"MSG_EMPTY\"}", http.post("/pub"));
        assertAnswer(413, "{\"message\":\"MSG_TOO_BIG\"}", http.post("/pub", new byte[MAX_MSG_SIZE + 1]));
        assertAnswer(400, "{\"message\":\"MISSING_ARG_TOPIC\"}", http.post("/pub", "x"));
        assertAnswer(400, "{\"message\":\"INVALID_TOPIC\"}", http.post("/pub?topic=bad$", "x"));
        assertFalse(node.broker.findTopic("bad$").isPresent());
    }

    @Test
    void pubAcceptsExactlyMaxMsgSize() throws Exception {
        assertAnswer(200, "OK", http.post("/pub?topic=t", new byte[MAX_MSG_SIZE]));
    }

    @Test
    void pubOverTheLimitChunkedIsRefusedToo() throws Exception {
        assertAnswer(413, "{\"message\":\"MSG_TOO_BIG\"}", http.postChunked("/pub?topic=t", new byte[MAX_MSG_SIZE + 1]));
        assertAnswer(200, "OK", http.postChunked("/pub?topic=t", new byte[MAX_MSG_SIZE]));
        assertEquals(1, node.broker.findTopic("t").orElseThrow().messageCount());
    }

    @Test
    void pubDeferIsValidatedAndDelaysTheMessage() throws Exception {
        assertAnswer(400, "{\"message\":\"INVALID_DEFER\"}", http.post("/pub?topic=t&defer=x", "m"));
        assertAnswer(400, "{\"message\":\"INVALID_DEFER\"}", http.post("/pub?topic=t&defer=-1", "m"));
        assertAnswer(400, "{\"message\":\"INVALID_DEFER\"}", http.post("/pub?topic=t&defer=3600001", "m"));
        node.broker.topic("t").channel("c");
        assertAnswer(200, "OK", http.post("/pub?topic=t&defer=%2B60000", "m"));
        assertEquals(1, node.broker.findTopic("t").orElseThrow().findChannel("c").orElseThrow().deferredCount());
    }

    @Test
    void oversizedDeclaredBodyIsAnsweredWithoutReadingItThenTheConnectionCloses() throws IOException {
        try (RawHttpConnection connection = new RawHttpConnection(node.httpAddress())) {
            // a 1 GB promise, of which only a few bytes ever come
            connection.write("POST /pub?topic=t HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000000\r\n\r\nabc");
            RawHttpConnection.Response refused = connection.read();
            assertEquals(413, refused.status());
            assertEquals("{\"message\":\"MSG_TOO_BIG\"}", refused.text());
            assertEquals("close", refused.header("Connection"));
            assertTrue(connection.closedByServer());
        }
    }

    @Test
    void oversizedChunkedBodyIsAnsweredOnceItCrossesTheLimit() throws IOException {
        try (RawHttpConnection connection = new RawHttpConnection(node.httpAddress())) {
            // the body never ends: the answer must not wait for it
            connection.write("POST /mpub?topic=t HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n");
            String chunk = "a".repeat(50) + "\n";
            for (int i = 0; i < 25; i++) {
                connection.write(Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n");
            }
            RawHttpConnection.Response refused = connection.read();
            assertEquals(413, refused.status());
            assertEquals("{\"message\":\"BODY_TOO_BIG\"}", refused.text());
            assertTrue(connection.closedByServer());
        }
    }

    @Test
    void mpubTextModeSkipsEmptyLinesAndKeepsCarriageReturns() throws Exception {
        assertAnswer(200, "OK", http.post("/mpub?topic=t", "m1\n\nm2\r\nm3\n"));
        Topic topic = node.broker.findTopic("t").orElseThrow();
        assertEquals(3, topic.messageCount());
        assertEquals(7, topic.messageBytes());
    }

    @Test
    void mpubTextModeWithNothingPublishesNothing() throws Exception {
        assertAnswer(200, "OK", http.post("/mpub?topic=t", "\n\n"));
        assertEquals(0, node.broker.findTopic("t").orElseThrow().messageCount());
    }

    @Test
    void mpubTextModeLimits() throws Exception {
        assertAnswer(413, "{\"message\":\"MSG_TOO_BIG\"}",
                http.post("/mpub?topic=t", "ok\n" + "x".repeat(MAX_MSG_SIZE + 1) + "\n"));
        assertAnswer(413, "{\"message\":\"BODY_TOO_BIG\"}", http.post("/mpub?topic=t", new byte[MAX_BODY_SIZE + 1]));
        String lines = ("y".repeat(49) + "\n").repeat(21);
        assertAnswer(413, "{\"message\":\"BODY_TOO_BIG\"}", http.postChunked("/mpub?topic=t", lines.getBytes(StandardCharsets.UTF_8)));
        assertEquals(0, node.broker.findTopic("t").orElseThrow().messageCount());
    }

    @Test
    void mpubChecksTheTopicBeforeTheChunkedBodySize() throws Exception {
        assertAnswer(400, "{\"message\":\"MISSING_ARG_TOPIC\"}", http.postChunked("/mpub", new byte[MAX_BODY_SIZE + 1]));
        assertAnswer(413, "{\"message\":\"BODY_TOO_BIG\"}", http.post("/mpub", new byte[MAX_BODY_SIZE + 1]));
    }

    @Test
    void mpubBinaryModePublishesEachMessageAndIgnoresTrailingBytes() throws Exception {
        byte[] body = concat(binary("one", "two", "three"), "trailing".getBytes(StandardCharsets.UTF_8));
        assertAnswer(200, "OK", http.post("/mpub?topic=t&binary=true", body));
        Topic topic = node.broker.findTopic("t").orElseThrow();
        assertEquals(3, topic.messageCount());
        assertEquals(11, topic.messageBytes());
    }

    @Test
    void mpubAnyUnknownBinaryValueMeansBinary() throws Exception {
        assertAnswer(200, "OK", http.post("/mpub?topic=t&binary=non_normalized_binary_param", binary("a\nb")));
        assertEquals(1, node.broker.findTopic("t").orElseThrow().messageCount());
        assertAnswer(200, "OK", http.post("/mpub?topic=t&binary=0", "c\nd"));
        assertEquals(3, node.broker.findTopic("t").orElseThrow().messageCount());
    }

    @Test
    void mpubBinaryErrorsAre413WithTheTcpCodes() throws Exception {
        assertAnswer(413, "{\"message\":\"BAD_BODY\"}", http.post("/mpub?topic=t&binary=1", new byte[]{0, 0}));
        assertAnswer(413, "{\"message\":\"BAD_BODY\"}", http.post("/mpub?topic=t&binary=1", ByteBuffer.allocate(4).putInt(0).array()));
        assertAnswer(413, "{\"message\":\"BAD_BODY\"}", http.post("/mpub?topic=t&binary=1", ByteBuffer.allocate(4).putInt(500).array()));
        byte[] truncated = Arrays.copyOf(binary("abcdef"), 10);
        assertAnswer(413, "{\"message\":\"BAD_MESSAGE\"}", http.post("/mpub?topic=t&binary=1", truncated));
        byte[] negativeSize = ByteBuffer.allocate(8).putInt(1).putInt(-1).array();
        assertAnswer(413, "{\"message\":\"BAD_MESSAGE\"}", http.post("/mpub?topic=t&binary=1", negativeSize));
        byte[] tooBig = ByteBuffer.allocate(8 + MAX_MSG_SIZE + 1).putInt(1).putInt(MAX_MSG_SIZE + 1).array();
        assertAnswer(413, "{\"message\":\"BAD_MESSAGE\"}", http.post("/mpub?topic=t&binary=1", tooBig));
        assertEquals(0, node.broker.findTopic("t").orElseThrow().messageCount());
    }

    @Test
    void publishingIntoAClosedBrokerIsExiting() throws Exception {
        node.broker.topic("t");
        node.broker.close();
        assertAnswer(503, "{\"message\":\"EXITING\"}", http.post("/pub?topic=t", "x"));
        assertAnswer(503, "{\"message\":\"EXITING\"}", http.post("/mpub?topic=t", "x"));
    }

    private static byte[] binary(String... messages) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ByteBuffer.allocate(4).putInt(messages.length).array());
        for (String message : messages) {
            byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
            out.writeBytes(ByteBuffer.allocate(4).putInt(bytes.length).array());
            out.writeBytes(bytes);
        }
        return out.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    static void assertAnswer(int status, String body, HttpResponse<String> response) {
        assertEquals(status + " " + body, response.statusCode() + " " + response.body());
    }
}
