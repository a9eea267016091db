package io.jnsq.broker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jnsq.broker.config.BrokerConfig;
import io.jnsq.broker.config.MessageConfig;
import io.jnsq.protocol.message.MessageId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Dead-letter topics: what a channel gives up on is published there before it is let go. */
class DeadLetterTest {

    @TempDir
    Path dataPath;
    private Broker broker;

    private Broker start(UnaryOperator<MessageConfig.Builder> messages) throws Exception {
        broker = new Broker(BrokerConfig.builder().messages(m -> messages.apply(m.nodeId(6))).queues(q -> q.dataPath(dataPath)).build(),
                BrokerListener.NONE);
        broker.loadMetadata();
        return broker;
    }

    @AfterEach
    void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    private static Message message(Topic topic, String body) {
        return topic.newMessage(body.getBytes(StandardCharsets.UTF_8));
    }

    /** The envelope's JSON line and the body after it. */
    private record DeadLetter(JsonNode origin, String body) {
        static DeadLetter of(Message message) throws Exception {
            byte[] envelope = message.body();
            int newline = 0;
            while (envelope[newline] != '\n') {
                newline++;
            }
            JsonNode origin = new ObjectMapper().readTree(Arrays.copyOfRange(envelope, 0, newline));
            return new DeadLetter(origin, new String(envelope, newline + 1, envelope.length - newline - 1, StandardCharsets.UTF_8));
        }
    }

    private RecordingConsumer consume(Channel channel) throws BrokerException {
        RecordingConsumer consumer = new RecordingConsumer(10);
        channel.addConsumer(consumer);
        channel.consumerReady();
        return consumer;
    }

    @Test
    void aMessageRequeuedOnItsLastAttemptGoesToTheDeadLetterTopicOnceWithItsOrigin() throws Exception {
        start(m -> m);
        Topic topic = broker.topic("orders");
        Channel channel = topic.channel("billing");
        channel.deadLetter(new DeadLetterPolicy(3, "orders.dead")).join();
        Channel dead = broker.topic("orders.dead").channel("inspect");
        Message published = message(topic, "poison\nwith a newline");
        topic.put(published).join();
        RecordingConsumer consumer = consume(channel);
        for (int attempt = 1; attempt <= 3; attempt++) {
            int seen = attempt;
            await().until(() -> consumer.delivered.size() == seen);
            assertEquals(attempt, consumer.last().attempts());
            channel.requeue(consumer, published.id(), attempt == 2 ? TimeUnit.MILLISECONDS.toNanos(50) : 0);
        }
        RecordingConsumer inspector = consume(dead);
        await().until(() -> inspector.delivered.size() == 1);
        DeadLetter letter = DeadLetter.of(inspector.last());
        assertEquals("poison\nwith a newline", letter.body());
        assertEquals("orders", letter.origin().get("topic").asText());
        assertEquals("billing", letter.origin().get("channel").asText());
        assertEquals(MessageId.toString(published.id()), letter.origin().get("id").asText());
        assertEquals(3, letter.origin().get("attempts").asInt());
        assertEquals(published.timestamp(), letter.origin().get("timestamp").asLong());
        assertEquals(1, inspector.last().attempts(), "a new message of the dead-letter topic");
        await().until(() -> channel.deadLetterCount() == 1);
        assertEquals(3, consumer.delivered.size());
        assertEquals(0, channel.depth() + channel.inFlightCount() + channel.deferredCount());
    }

    @Test
    void aMessageTimingOutOnItsLastAttemptGoesTooAndTheDefaultAppliesToEveryChannelButItsOwnTopics() throws Exception {
        start(m -> m.deadLetterMaxAttempts(1).deadLetterTopic("dlq"));
        Topic topic = broker.topic("t");
        Channel channel = topic.channel("c");
        Channel deadChannel = broker.topic("dlq").channel("reader");
        assertEquals(new DeadLetterPolicy(1, "dlq"), channel.deadLetterPolicy());
        assertFalse(deadChannel.deadLetterPolicy().enabled(), "a dead letter is never dead-lettered again by the default");
        topic.put(message(topic, "slow")).join();
        RecordingConsumer consumer = consume(channel);
        await().until(() -> consumer.delivered.size() == 1);
        channel.processDue(System.nanoTime() + TimeUnit.MINUTES.toNanos(2)); // past the message timeout
        RecordingConsumer reader = consume(deadChannel);
        await().until(() -> reader.delivered.size() == 1);
        assertEquals("slow", DeadLetter.of(reader.last()).body());
        assertEquals(1, channel.timeoutCount());
        await().until(() -> channel.deadLetterCount() == 1);
    }

    @Test
    void aChannelsOwnSettingIsKeptInNsqdDatAndComesBack() throws Exception {
        start(m -> m);
        Topic topic = broker.topic("t");
        topic.channel("plain");
        topic.channel("c").deadLetter(new DeadLetterPolicy(5, "t.dead")).join();
        topic.channel("off").deadLetter(DeadLetterPolicy.OFF).join();
        String written = Files.readString(dataPath.resolve("nsqd.dat"));
        assertTrue(written.contains("{\"name\":\"c\",\"paused\":false,\"max_attempts\":5,\"dead_letter_topic\":\"t.dead\"}"), written);
        assertTrue(written.contains("{\"name\":\"plain\",\"paused\":false}"), written);
        broker.close();

        start(m -> m.deadLetterMaxAttempts(2).deadLetterTopic("dlq"));
        Topic restored = broker.findTopic("t").orElseThrow();
        assertEquals(new DeadLetterPolicy(5, "t.dead"), restored.findChannel("c").orElseThrow().deadLetterPolicy());
        assertEquals(DeadLetterPolicy.OFF, restored.findChannel("off").orElseThrow().deadLetterPolicy());
        assertNull(restored.findChannel("plain").orElseThrow().deadLetterSetting());
        assertEquals(new DeadLetterPolicy(2, "dlq"), restored.findChannel("plain").orElseThrow().deadLetterPolicy());
        assertEquals(DeadLetterPolicy.OFF, broker.topic("t.dead").channel("inspect").deadLetterPolicy(),
                "the default leaves the channels of any topic that receives dead letters alone");
    }

    @Test
    void aMessageTooLargeForItsEnvelopeStaysOnItsChannel() throws Exception {
        start(m -> m.maxMsgSize(100));
        Topic topic = broker.topic("t");
        Channel channel = topic.channel("c");
        channel.deadLetter(new DeadLetterPolicy(1, "dlq")).join();
        byte[] body = new byte[100];
        Message big = topic.newMessage(body);
        topic.put(big).join();
        RecordingConsumer consumer = consume(channel);
        await().until(() -> consumer.delivered.size() == 1);
        channel.requeue(consumer, big.id(), 0);
        await().until(() -> consumer.delivered.size() == 2);
        assertEquals(0, channel.deadLetterCount());
        assertEquals(0, broker.findTopic("dlq").map(Topic::depth).orElse(0L));
    }

    @Test
    void settingsAreCheckedWithReasons() {
        assertThrows(IllegalArgumentException.class, () -> new DeadLetterPolicy(3, ""));
        assertThrows(IllegalArgumentException.class, () -> new DeadLetterPolicy(70_000, "dlq"));
        assertTrue(DeadLetterPolicy.problemWith(3, "x".repeat(65)).contains("not a valid topic name"));
        assertTrue(DeadLetterPolicy.problemWith(3, "dlq#ephemeral").contains("is ephemeral"));
        assertNull(DeadLetterPolicy.problemWithDefault(0, "dlq"), "the topic alone serves channels given only max attempts");
        assertTrue(DeadLetterPolicy.problemWithDefault(4, "").contains("needs a dead-letter topic"));
    }
}
