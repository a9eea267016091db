package io.jnsq.broker;

import io.jnsq.broker.config.BrokerConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code --durable-deferral}: deferred messages wait on disk, keep their due time across restarts. */
class DurableDeferralTest {

    private static final long MILLI = TimeUnit.MILLISECONDS.toNanos(1);

    @TempDir
    Path dataPath;
    private Broker broker;

    private Broker start(boolean durableDeferral, long memQueueSize) throws Exception {
        broker = new Broker(BrokerConfig.builder().messages(m -> m.nodeId(4))
                .queues(q -> q.dataPath(dataPath).memQueueSize(memQueueSize).durableDeferral(durableDeferral)).build(),
                BrokerListener.NONE);
        broker.loadMetadata();
        return broker;
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    private static String text(Message message) {
        return new String(message.body(), StandardCharsets.UTF_8);
    }

    private static Message deferred(Topic topic, String body, long millis) {
        return topic.newMessage(body.getBytes(StandardCharsets.UTF_8)).deferFor(millis * MILLI);
    }

    private static RecordingConsumer consume(Channel channel) throws BrokerException {
        RecordingConsumer consumer = new RecordingConsumer(100);
        channel.addConsumer(consumer);
        channel.consumerReady();
        return consumer;
    }

    private List<Path> deferredFiles() throws Exception {
        try (var files = Files.list(dataPath)) {
            return files.filter(f -> f.getFileName().toString().contains(".deferred.")).toList();
        }
    }

    @Test
    void aDeferredPublishWaitsOnDiskAndIsDeliveredAtItsTime() throws Exception {
        start(true, 10_000);
        Topic topic = broker.topic("t");
        Channel channel = topic.channel("c");
        RecordingConsumer consumer = consume(channel);
        long published = System.nanoTime();
        topic.put(deferred(topic, "later", 400)).join(); // answered once written
        topic.put(topic.newMessage("now".getBytes(StandardCharsets.UTF_8))).join();
        assertEquals(1, channel.deferredCount());
        assertEquals(1, deferredFiles().size());
        await().atMost(Duration.ofSeconds(5)).until(() -> consumer.delivered.size() == 2);
        long deliveredAfter = System.nanoTime() - published;
        assertEquals(List.of("now", "later"), consumer.delivered.stream().map(DurableDeferralTest::text).toList());
        assertTrue(deliveredAfter >= 400 * MILLI, "not early: " + deliveredAfter / MILLI + " ms");
        assertEquals(0, channel.deferredCount());
    }

    @Test
    void aRequeueWithADelayWaitsOnDiskWithItsAttempts() throws Exception {
        start(true, 0); // durable mode: the message's disk-queue record goes once it is in the deferred store
        Topic topic = broker.topic("t");
        Channel channel = topic.channel("c");
        broker.metadataWritten().join();
        topic.put(topic.newMessage("retry me".getBytes(StandardCharsets.UTF_8))).join();
        RecordingConsumer consumer = consume(channel);
        await().until(() -> consumer.delivered.size() == 1);
        Message first = consumer.last();
        long requeued = System.nanoTime();
        channel.requeue(consumer, first.id(), 300 * MILLI);
        await().until(() -> channel.deferredCount() == 1 && channel.backendDepth() == 0);
        await().atMost(Duration.ofSeconds(5)).until(() -> consumer.delivered.size() == 2);
        assertTrue(System.nanoTime() - requeued >= 300 * MILLI);
        Message again = consumer.last();
        assertEquals(first.id(), again.id());
        assertEquals(2, again.attempts());
        assertEquals("retry me", text(again));
    }

    @Test
    void deferredMessagesKeepTheirDueTimeAcrossARestart() throws Exception {
        start(true, 10_000);
        Topic topic = broker.topic("t");
        topic.channel("c");
        broker.metadataWritten().join();
        long published = System.nanoTime();
        topic.put(deferred(topic, "a", 1500)).join();
        broker.close(); // nsqd would write it to the channel's queue without its delay
        start(true, 10_000);
        Channel channel = broker.findTopic("t").orElseThrow().findChannel("c").orElseThrow();
        assertEquals(1, channel.deferredCount());
        assertEquals(0, channel.depth());
        RecordingConsumer consumer = consume(channel);
        await().atMost(Duration.ofSeconds(5)).until(() -> consumer.delivered.size() == 1);
        assertTrue(System.nanoTime() - published >= 1500 * MILLI);
        await().until(() -> deferredFiles().isEmpty());
    }

    @Test
    void aTopicWithoutChannelsHoldsADeferredPublishOnDiskUntilItIsDue() throws Exception {
        start(true, 10_000);
        Topic topic = broker.topic("t");
        long published = System.nanoTime();
        topic.put(deferred(topic, "held", 500)).join();
        assertEquals(1, topic.depth());
        Channel channel = topic.channel("c");
        RecordingConsumer consumer = consume(channel);
        await().atMost(Duration.ofSeconds(5)).until(() -> consumer.delivered.size() == 1);
        assertTrue(System.nanoTime() - published >= 500 * MILLI, "counted from the publish");
        assertEquals(0, topic.depth());
    }

    @Test
    void withTheFlagOffDeferredMessagesLeftOnDiskAreStillDeliveredAndNewOnesWaitInMemory() throws Exception {
        start(true, 10_000);
        Topic topic = broker.topic("t");
        topic.channel("c");
        broker.metadataWritten().join();
        topic.put(deferred(topic, "from before", 300)).join();
        broker.close();

        start(false, 10_000);
        Topic restored = broker.findTopic("t").orElseThrow();
        Channel channel = restored.findChannel("c").orElseThrow();
        restored.put(deferred(restored, "in memory", 300)).join();
        assertEquals(2, channel.deferredCount());
        RecordingConsumer consumer = consume(channel);
        await().atMost(Duration.ofSeconds(5)).until(() -> consumer.delivered.size() == 2);
        await().until(() -> deferredFiles().isEmpty());
    }

    @Test
    void withoutTheFlagNothingIsWrittenForDeferredMessages() throws Exception {
        start(false, 10_000);
        Topic topic = broker.topic("t");
        topic.channel("c");
        topic.put(deferred(topic, "memory", 60_000)).join();
        assertEquals(List.of(), deferredFiles());
        assertEquals(1, topic.findChannel("c").orElseThrow().deferredCount());
    }

    @Test
    void emptyingOrDeletingAChannelRemovesItsDeferredFiles() throws Exception {
        start(true, 10_000);
        Topic topic = broker.topic("t");
        Channel channel = topic.channel("c");
        topic.put(deferred(topic, "x", 60_000)).join();
        channel.empty().join();
        assertEquals(0, channel.deferredCount());
        assertEquals(List.of(), deferredFiles());
        topic.put(deferred(topic, "y", 60_000)).join();
        topic.deleteChannel("c").join();
        assertEquals(List.of(), deferredFiles());
    }
}
