package io.jnsq.broker;

import io.jnsq.broker.config.BrokerConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Minutes of timeout and deferral, passed in milliseconds: the broker's time is a ticker the test moves. */
@Timeout(10)
class TimedDeliveryTest {

    private final ManualTicker ticker = new ManualTicker();
    private Broker broker;
    private Channel channel;
    private Topic topic;

    @BeforeEach
    void start() throws BrokerException {
        broker = new Broker(BrokerConfig.builder().queues(q -> q.memoryOnly()).messages(m -> m.nodeId(3)).build(),
                null, List.of(BrokerListener.NONE), ChannelDiscovery.NONE, ticker);
        topic = broker.topic("t");
        channel = topic.channel("c");
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    private static byte[] body(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aMessageDeferredForAMinuteIsDeliveredWhenTheMinuteHasPassed() throws Exception {
        RecordingConsumer consumer = new RecordingConsumer(1);
        channel.addConsumer(consumer);
        topic.put(topic.newMessage(body("later")).deferFor(Duration.ofMinutes(1).toNanos())).join();
        await().until(() -> channel.deferredCount() == 1);

        ticker.advance(Duration.ofSeconds(59));
        await().during(Duration.ofMillis(250)).until(() -> consumer.delivered.isEmpty()); // two scans: not due yet
        ticker.advance(Duration.ofSeconds(1));
        await().until(() -> consumer.delivered.size() == 1);
        assertEquals("later", new String(consumer.last().body(), StandardCharsets.UTF_8));
    }

    @Test
    void aMessageNotFinishedWithinTheDefaultMinuteTimesOutAndIsDeliveredAgain() throws Exception {
        RecordingConsumer consumer = new RecordingConsumer(1);
        channel.addConsumer(consumer);
        topic.put(topic.newMessage(body("slow"))).join();
        await().until(() -> consumer.delivered.size() == 1);

        ticker.advance(Duration.ofSeconds(60));
        await().until(() -> channel.timeoutCount() == 1);
        channel.consumerReady();
        await().until(() -> consumer.delivered.size() == 2);
        assertEquals(2, consumer.last().attempts());
    }

    @Test
    void aMessageDeferredOnDiskForAnHourIsDeliveredWhenTheHourHasPassed(@TempDir Path dataPath) throws Exception {
        Broker durable = new Broker(BrokerConfig.builder().queues(q -> q.dataPath(dataPath).durableDeferral(true))
                .messages(m -> m.nodeId(3)).build(),
                null, List.of(BrokerListener.NONE), ChannelDiscovery.NONE, ticker);
        try {
            Topic durableTopic = durable.topic("t");
            Channel durableChannel = durableTopic.channel("c");
            RecordingConsumer consumer = new RecordingConsumer(1);
            durableChannel.addConsumer(consumer);
            durableTopic.put(durableTopic.newMessage(body("in an hour")).deferFor(Duration.ofHours(1).toNanos())).join();
            await().until(() -> durableChannel.deferredCount() == 1);

            ticker.advance(Duration.ofMinutes(59));
            await().during(Duration.ofMillis(250)).until(() -> consumer.delivered.isEmpty()); // two scans: not due yet
            ticker.advance(Duration.ofMinutes(1));
            await().until(() -> consumer.delivered.size() == 1);
            assertEquals("in an hour", new String(consumer.last().body(), StandardCharsets.UTF_8));
        } finally {
            durable.close();
        }
    }
}
