package io.jnsq.broker;

import io.jnsq.broker.config.BrokerConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Topic and channel administration and its effect on queued, in-flight and deferred messages. */
class TopicChannelTest {

    @TempDir
    Path dataPath;
    private Broker broker;

    @BeforeEach
    void start() {
        broker = new Broker(BrokerConfig.builder().messages(m -> m.nodeId(3)).queues(q -> q.dataPath(dataPath).memQueueSize(10)).build(),
                BrokerListener.NONE);
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    private static byte[] body(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private void publish(Topic topic, String... bodies) throws BrokerException {
        for (String text : bodies) {
            topic.put(topic.newMessage(body(text)));
        }
    }

    @Test
    void gettingTopicsAndChannelsIsIdempotent() throws Exception {
        Topic topic = broker.topic("t");
        assertSame(topic, broker.topic("t"));
        assertSame(topic.channel("c"), topic.channel("c"));
        assertEquals(List.of("c"), topic.channels().stream().map(Channel::name).toList());
    }

    @Test
    void channelsSharingABatchKeepTheirOwnAttemptsAndDeferral() throws Exception {
        Topic topic = broker.topic("fan");
        Channel live = topic.channel("live");
        Channel queued = topic.channel("queued");
        Channel last = topic.channel("last");
        RecordingConsumer reader = new RecordingConsumer(100);
        live.addConsumer(reader); // takes the batch at once; the other two queue it in memory
        List<Message> batch = topic.newMessages(List.of(body("a"), body("b"), body("c")));
        batch.get(1).deferFor(60_000_000_000L);
        topic.putAll(batch);

        assertEquals(List.of("a", "c"), reader.delivered.stream().map(m -> new String(m.body(), StandardCharsets.UTF_8)).toList());
        live.requeue(reader, reader.delivered.get(0).id(), 0);
        await().until(() -> reader.delivered.size() == 3);
        assertEquals(2, reader.delivered.get(2).attempts());

        for (Channel channel : List.of(queued, last)) {
            assertEquals(2, channel.depth()); // and the deferred one waits its time
            RecordingConsumer consumer = new RecordingConsumer(100);
            channel.addConsumer(consumer);
            channel.consumerReady();
            assertEquals(List.of("a", "c"), consumer.delivered.stream().map(m -> new String(m.body(), StandardCharsets.UTF_8)).toList());
            assertEquals(List.of(1, 1), consumer.delivered.stream().map(Message::attempts).toList());
            assertEquals(List.of(batch.get(0).id(), batch.get(2).id()), consumer.delivered.stream().map(Message::id).toList());
        }
    }

    @Test
    void overflowBeyondTheMemoryQueueGoesToDiskAndComesBackInOrder() throws Exception {
        Topic topic = broker.topic("spill");
        Channel channel = topic.channel("c");
        for (int i = 0; i < 25; i++) {
            publish(topic, "m" + i);
        }
        assertEquals(25, channel.depth());
        assertEquals(15, channel.backendDepth());
        RecordingConsumer consumer = new RecordingConsumer(100);
        channel.addConsumer(consumer);
        channel.consumerReady();
        await().until(() -> consumer.delivered.size() == 25); // the disk queue's records once read ahead
        for (int i = 0; i < 25; i++) {
            assertEquals("m" + i, new String(consumer.delivered.get(i).body(), StandardCharsets.UTF_8));
        }
        assertEquals(0, channel.depth());
    }

    @Test
    void emptyingAChannelDropsQueuedInFlightAndDeferredAndResetsConsumers() throws Exception {
        Topic topic = broker.topic("t");
        Channel channel = topic.channel("c");
        RecordingConsumer consumer = new RecordingConsumer(1);
        channel.addConsumer(consumer);
        publish(topic, "in flight", "queued");
        topic.put(topic.newMessage(body("deferred")).deferFor(60_000_000_000L));
        assertEquals(1, channel.inFlightCount());
        assertEquals(1, channel.depth());
        assertEquals(1, channel.deferredCount());

        channel.empty();

        assertEquals(0, channel.inFlightCount());
        assertEquals(0, channel.depth());
        assertEquals(0, channel.deferredCount());
        assertEquals(0, consumer.counters().inFlightCount());
        long id = consumer.last().id();
        BrokerException error = assertThrows(BrokerException.class, () -> channel.finish(consumer, id));
        assertEquals("ID not in flight", error.getMessage());
    }

    @Test
    void deletingAChannelClosesItsConsumersAndItsMessagesGo() throws Exception {
        Topic topic = broker.topic("t");
        Channel channel = topic.channel("c");
        RecordingConsumer consumer = new RecordingConsumer(1);
        channel.addConsumer(consumer);
        publish(topic, "a", "b");
        topic.deleteChannel("c");
        assertTrue(consumer.channelGone());
        assertTrue(topic.findChannel("c").isEmpty());
        assertThrows(BrokerException.class, () -> channel.addConsumer(new RecordingConsumer(1)));
        assertEquals("channel not found", assertThrows(BrokerException.class, () -> topic.deleteChannel("c")).getMessage());
    }

    @Test
    void afterTheLastChannelIsDeletedMessagesStayInTheTopic() throws Exception {
        Topic topic = broker.topic("t");
        topic.channel("c");
        topic.deleteChannel("c");
        publish(topic, "kept");
        assertEquals(1, topic.depth());
    }

    @Test
    void pausedTopicHoldsMessagesUntilUnpaused() throws Exception {
        Topic topic = broker.topic("t");
        Channel channel = topic.channel("c");
        topic.pause();
        publish(topic, "held");
        assertEquals(1, topic.depth());
        assertEquals(0, channel.depth());
        topic.unpause().join();
        await().until(() -> topic.depth() == 0); // the backlog moves on a worker
        assertEquals(1, channel.depth());
    }

    @Test
    void emptyingATopicLeavesItsChannelsAlone() throws Exception {
        Topic topic = broker.topic("t");
        publish(topic, "topic only");
        topic.empty();
        assertEquals(0, topic.depth());
        Channel channel = topic.channel("c");
        publish(topic, "for the channel");
        topic.empty();
        assertEquals(1, channel.depth());
    }

    @Test
    void deletingATopicDeletesItsChannelsAndPublishersThenGetANewOne() throws Exception {
        Topic topic = broker.topic("t");
        RecordingConsumer consumer = new RecordingConsumer(1);
        topic.channel("c").addConsumer(consumer);
        broker.deleteTopic("t");
        assertTrue(consumer.channelGone());
        assertEquals("exiting", assertThrows(BrokerException.class, () -> publish(topic, "late")).getMessage());
        assertFalse(broker.findTopic("t").isPresent());
        assertEquals("topic not found", assertThrows(BrokerException.class, () -> broker.deleteTopic("t")).getMessage());
    }

    @Test
    void messageCountsAndBytesAreKeptPerTopicAndChannel() throws Exception {
        Topic topic = broker.topic("t");
        Channel channel = topic.channel("c");
        publish(topic, "12345", "678");
        assertEquals(2, topic.messageCount());
        assertEquals(8, topic.messageBytes());
        assertEquals(2, channel.messageCount());
    }

    @Test
    void requeueCountsAndTouchNeverExtendsPastTheMaximum() throws Exception {
        Topic topic = broker.topic("t");
        Channel channel = topic.channel("c");
        RecordingConsumer consumer = new RecordingConsumer(1);
        channel.addConsumer(consumer);
        publish(topic, "m");
        Message message = consumer.last();
        channel.touch(consumer, message.id());
        channel.requeue(consumer, message.id(), 0);
        assertEquals(1, channel.requeueCount());
        assertEquals(1, consumer.counters().requeueCount());
        assertEquals(2, consumer.last().attempts(), "requeued at once to the same ready consumer");
        assertSame(message, consumer.last(), "the same message object keeps its attempts");
    }

    @Test
    void gracefulCloseWritesQueuedInFlightAndDeferredMessagesToDisk() throws Exception {
        Topic topic = broker.topic("t");
        Channel channel = topic.channel("c");
        channel.addConsumer(new RecordingConsumer(1));
        publish(topic, "in flight", "queued");
        topic.put(topic.newMessage(body("deferred")).deferFor(60_000_000_000L));
        broker.close();

        broker = new Broker(BrokerConfig.builder().messages(m -> m.nodeId(3)).queues(q -> q.dataPath(dataPath).memQueueSize(10)).build(),
                BrokerListener.NONE);
        Channel reopened = broker.topic("t").channel("c");
        reopened.opened().join();
        assertEquals(3, reopened.depth(), "all three come back as plain queued messages");
        RecordingConsumer consumer = new RecordingConsumer(10);
        reopened.addConsumer(consumer);
        reopened.consumerReady();
        await().until(() -> consumer.delivered.size() == 3);
        assertEquals(List.of("queued", "in flight", "deferred"), consumer.delivered.stream()
                .map(m -> new String(m.body(), StandardCharsets.UTF_8)).toList());
        assertEquals(2, consumer.delivered.get(1).attempts(), "attempts survive");
    }

    @Test
    void ephemeralChannelsDropWhatOverflowsMemoryAndNeverTouchDisk() throws Exception {
        Topic topic = broker.topic("t");
        Channel channel = topic.channel("tail#ephemeral");
        for (int i = 0; i < 25; i++) {
            publish(topic, "m" + i);
        }
        assertEquals(10, channel.depth(), "memory holds --mem-queue-size, the rest is dropped");
        assertEquals(0, channel.backendDepth());
        try (var files = java.nio.file.Files.list(dataPath)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().contains("ephemeral")));
        }
    }
}
