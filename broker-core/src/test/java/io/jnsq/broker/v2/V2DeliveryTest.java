package io.jnsq.broker.v2;

import io.jnsq.broker.Channel;
import io.jnsq.broker.ManualTicker;
import io.jnsq.broker.Topic;
import io.jnsq.broker.wire.V2TestServer;
import io.jnsq.broker.wire.WireClient;
import io.jnsq.broker.wire.WireClient.Delivery;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How messages flow from publishers through channels to consumers, observed on real sockets. */
@Timeout(30)
class V2DeliveryTest {

    /** Long enough for two of the broker's 100 ms scans: what was not due then did not happen. */
    private static final int TWO_SCANS_MILLIS = 250;

    @TempDir
    Path dataPath;
    private V2TestServer server;
    /** Timeouts and deferrals wait for this, not for the wall clock. */
    private final ManualTicker ticker = new ManualTicker();

    @BeforeEach
    void start() throws Exception {
        server = new V2TestServer(V2TestServer.config(dataPath).build(), ticker);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private WireClient consumer(String topic, String channel, int rdy) throws Exception {
        WireClient client = server.connect();
        client.subscribe(topic, channel);
        client.send("RDY " + rdy);
        return client;
    }

    private WireClient consumer(String topic, String channel, int rdy, String identify) throws Exception {
        WireClient client = server.connect();
        client.identify(identify).expectResponse("OK");
        client.subscribe(topic, channel);
        client.send("RDY " + rdy);
        return client;
    }

    private void publish(String topic, String body) throws Exception {
        try (WireClient producer = server.connect()) {
            producer.pub(topic, body).expectResponse("OK");
        }
    }

    private Channel channel(String topic, String channel) {
        return server.broker().findTopic(topic).orElseThrow().findChannel(channel).orElseThrow();
    }

    @Test
    void firstDeliveryCarriesAttemptOneTimestampIdAndBody() throws Exception {
        try (WireClient consumer = consumer("basic", "ch", 1)) {
            long before = System.currentTimeMillis() * 1_000_000L;
            publish("basic", "hello");
            Delivery delivery = consumer.readMessage();
            assertEquals("hello", delivery.text());
            assertEquals(1, delivery.attempts());
            assertTrue(delivery.id().matches("[0-9a-f]{16}"), delivery.id());
            // nanosecond timestamps, as nsqd's: anywhere up to the end of the current millisecond
            long after = (System.currentTimeMillis() + 1) * 1_000_000L;
            assertTrue(delivery.timestamp() >= before - 2_000_000 && delivery.timestamp() <= after,
                    "timestamp " + delivery.timestamp());
        }
    }

    @Test
    void everyChannelGetsACopyWithTheSameId() throws Exception {
        try (WireClient a = consumer("fanout", "a", 1); WireClient b = consumer("fanout", "b", 1);
             WireClient c = consumer("fanout", "c", 1)) {
            publish("fanout", "to all");
            Delivery first = a.readMessage();
            Delivery second = b.readMessage();
            Delivery third = c.readMessage();
            assertEquals("to all", first.text());
            assertEquals(first.id(), second.id());
            assertEquals(first.id(), third.id());
            assertArrayEquals(first.body(), third.body());
        }
    }

    @Test
    void consumersOfOneChannelShareItsMessagesEvenly() throws Exception {
        int messages = 300;
        List<WireClient> consumers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            consumers.add(consumer("spread", "ch", 1000));
        }
        await().until(() -> channel("spread", "ch").consumers().stream().allMatch(c -> c.readyCount() == 1000));
        try (WireClient producer = server.connect()) {
            List<byte[]> bodies = new ArrayList<>();
            for (int i = 0; i < messages; i++) {
                bodies.add(("m" + i).getBytes(StandardCharsets.UTF_8));
            }
            producer.sendWithBody("MPUB spread", WireClient.mpubBody(bodies)).expectResponse("OK");
        }
        await().until(() -> channel("spread", "ch").inFlightCount() == messages);
        Set<String> seen = new HashSet<>();
        for (WireClient consumer : consumers) {
            int received = 0;
            for (long inFlight = consumerInFlight(consumer); received < inFlight; received++) {
                seen.add(consumer.readMessage().text());
            }
            assertEquals(messages / 3, received, "round robin over ready consumers");
            consumer.close();
        }
        assertEquals(messages, seen.size());
    }

    private long consumerInFlight(WireClient ignored) {
        // every consumer holds exactly its share once all messages are in flight
        return channel("spread", "ch").consumers().get(0).counters().inFlightCount();
    }

    @Test
    void messageNotFinishedInTimeIsRedeliveredWithAttemptsPlusOne() throws Exception {
        try (WireClient consumer = consumer("timeouts", "ch", 1, "{\"msg_timeout\":1000}")) {
            publish("timeouts", "slow");
            Delivery first = consumer.readMessage();
            ticker.advance(Duration.ofMillis(999));
            consumer.expectSilence(TWO_SCANS_MILLIS);
            ticker.advance(Duration.ofMillis(1));
            Delivery again = consumer.readMessage();
            assertEquals(first.id(), again.id());
            assertEquals(2, again.attempts());
            Channel channel = channel("timeouts", "ch");
            assertEquals(1, channel.timeoutCount());
            assertEquals(0, channel.requeueCount());
            consumer.send("FIN " + first.id());
            await().until(() -> channel.inFlightCount() == 0);
        }
    }

    @Test
    void finAfterTheTimeoutFailsNotInFlight() throws Exception {
        try (WireClient consumer = consumer("late_fin", "ch", 1, "{\"msg_timeout\":1000}")) {
            publish("late_fin", "m");
            String id = consumer.readMessage().id();
            consumer.send("RDY 0");
            ticker.advance(Duration.ofSeconds(1));
            await().until(() -> channel("late_fin", "ch").timeoutCount() == 1);
            consumer.send("FIN " + id).expectError("E_FIN_FAILED FIN " + id + " failed ID not in flight");
        }
    }

    @Test
    void requeueWithDelayRedeliversAfterTheDelay() throws Exception {
        try (WireClient consumer = consumer("req_delay", "ch", 1)) {
            publish("req_delay", "again");
            Delivery first = consumer.readMessage();
            consumer.send("REQ " + first.id() + " 500");
            await().until(() -> channel("req_delay", "ch").deferredCount() == 1);
            ticker.advance(Duration.ofMillis(499));
            consumer.expectSilence(TWO_SCANS_MILLIS);
            ticker.advance(Duration.ofMillis(1));
            Delivery again = consumer.readMessage();
            assertEquals(first.id(), again.id());
            assertEquals(2, again.attempts());
            assertEquals(1, channel("req_delay", "ch").requeueCount());
        }
    }

    @Test
    void requeueWithoutDelayGoesToTheTailAtOnce() throws Exception {
        try (WireClient consumer = consumer("req_now", "ch", 1)) {
            publish("req_now", "first");
            Delivery first = consumer.readMessage();
            consumer.send("RDY 0");
            publish("req_now", "second");
            consumer.send("REQ " + first.id() + " 0");
            consumer.send("RDY 1");
            Delivery next = consumer.readMessage();
            assertEquals("second", next.text(), "REQ 0 puts the message behind what was already queued");
            consumer.send("FIN " + next.id());
            Delivery requeued = consumer.readMessage();
            assertEquals(first.id(), requeued.id());
            assertEquals(2, requeued.attempts());
        }
    }

    @Test
    void requeueTimeoutAboveTheMaximumIsClamped() throws Exception {
        try (WireClient consumer = consumer("req_clamp", "ch", 1)) {
            publish("req_clamp", "m");
            Delivery first = consumer.readMessage();
            consumer.send("REQ " + first.id() + " 99999999");
            await().until(() -> channel("req_clamp", "ch").deferredCount() == 1);
            consumer.send("NOP");
            consumer.expectSilence(200);
        }
    }

    @Test
    void deferredPublishArrivesWhenDue() throws Exception {
        try (WireClient consumer = consumer("dpub", "ch", 1)) {
            try (WireClient producer = server.connect()) {
                producer.sendWithBody("DPUB dpub 500", "later".getBytes(StandardCharsets.UTF_8)).expectResponse("OK");
            }
            ticker.advance(Duration.ofMillis(499));
            consumer.expectSilence(TWO_SCANS_MILLIS);
            ticker.advance(Duration.ofMillis(1));
            Delivery delivery = consumer.readMessage();
            assertEquals("later", delivery.text());
            assertEquals(1, delivery.attempts());
        }
    }

    @Test
    void touchKeepsAMessageInFlightPastItsTimeout() throws Exception {
        try (WireClient consumer = consumer("touch", "ch", 1, "{\"msg_timeout\":1000}")) {
            publish("touch", "long job");
            String id = consumer.readMessage().id();
            for (int i = 1; i <= 3; i++) {
                ticker.advance(Duration.ofMillis(600));
                consumer.send("TOUCH " + id);
                // answered after the TOUCH before it: the touch is applied before time moves on
                consumer.pub("touch_barrier", "x").expectResponse("OK");
            }
            consumer.expectSilence(TWO_SCANS_MILLIS);
            // 1.8 s after delivery, well past the 1 s timeout, the message is still ours
            consumer.send("FIN " + id);
            consumer.expectSilence(300);
            assertEquals(0, channel("touch", "ch").timeoutCount());
            assertEquals(0, channel("touch", "ch").inFlightCount());
        }
    }

    @Test
    void rdyZeroStopsDeliveryAndRaisingItResumes() throws Exception {
        try (WireClient consumer = consumer("rdy", "ch", 1)) {
            publish("rdy", "one");
            consumer.send("FIN " + consumer.readMessage().id());
            consumer.send("RDY 0");
            await().until(() -> channel("rdy", "ch").consumers().get(0).readyCount() == 0);
            publish("rdy", "two");
            consumer.expectSilence(300);
            assertEquals(1, channel("rdy", "ch").depth());
            consumer.send("RDY 1");
            assertEquals("two", consumer.readMessage().text());
        }
    }

    @Test
    void rdyCapsMessagesInFlight() throws Exception {
        try (WireClient consumer = consumer("cap", "ch", 2)) {
            for (int i = 0; i < 5; i++) {
                publish("cap", "m" + i);
            }
            String first = consumer.readMessage().id();
            consumer.readMessage();
            consumer.expectSilence(200);
            consumer.send("FIN " + first);
            assertEquals("m2", consumer.readMessage().text());
        }
    }

    @Test
    void messagesPublishedBeforeAnyChannelReachTheFirstSubscriber() throws Exception {
        for (int i = 0; i < 5; i++) {
            publish("early", "m" + i);
        }
        assertEquals(5, server.broker().findTopic("early").orElseThrow().depth());
        try (WireClient consumer = consumer("early", "ch", 10)) {
            for (int i = 0; i < 5; i++) {
                assertEquals("m" + i, consumer.readMessage().text());
            }
        }
        assertEquals(0, server.broker().findTopic("early").orElseThrow().depth());
    }

    @Test
    void pausedChannelHoldsMessagesUntilUnpaused() throws Exception {
        try (WireClient consumer = consumer("pause", "ch", 1)) {
            channel("pause", "ch").pause();
            publish("pause", "held");
            consumer.expectSilence(200);
            assertEquals(1, channel("pause", "ch").depth());
            channel("pause", "ch").unpause();
            assertEquals("held", consumer.readMessage().text());
        }
    }

    @Test
    void ephemeralChannelAndTopicGoAwayWithTheirLastConsumer() throws Exception {
        WireClient consumer = consumer("gone#ephemeral", "ch#ephemeral", 1);
        Topic topic = server.broker().findTopic("gone#ephemeral").orElseThrow();
        assertTrue(topic.findChannel("ch#ephemeral").isPresent());
        consumer.close();
        await().atMost(Duration.ofSeconds(2)).until(() -> topic.findChannel("ch#ephemeral").isEmpty());
        await().atMost(Duration.ofSeconds(2)).until(() -> server.broker().findTopic("gone#ephemeral").isEmpty());
    }

    @Test
    void ephemeralChannelOfADurableTopicLeavesTheTopic() throws Exception {
        WireClient consumer = consumer("stays", "tail#ephemeral", 1);
        consumer.close();
        await().until(() -> server.broker().findTopic("stays").orElseThrow().findChannel("tail#ephemeral").isEmpty());
        assertTrue(server.broker().findTopic("stays").isPresent());
    }

    @Test
    void disconnectLeavesMessagesInFlightUntilTheyTimeOut() throws Exception {
        WireClient leaving = consumer("leave", "ch", 1, "{\"msg_timeout\":1000}");
        publish("leave", "orphan");
        String id = leaving.readMessage().id();
        leaving.close();
        try (WireClient next = consumer("leave", "ch", 1)) {
            assertEquals(1, channel("leave", "ch").inFlightCount());
            ticker.advance(Duration.ofSeconds(1));
            Delivery redelivered = next.readMessage();
            assertEquals(id, redelivered.id());
            assertEquals(2, redelivered.attempts());
            assertEquals(1, channel("leave", "ch").timeoutCount());
        }
    }

    @Test
    void aMessageWithNothingBehindItIsNotHeldForTheBufferTimeout() throws Exception {
        // nsqd would hold it for the whole 30 s timeout; the read below gives up long before that
        try (WireClient consumer = consumer("buffered", "ch", 100,
                "{\"output_buffer_size\":65536,\"output_buffer_timeout\":30000}")) {
            publish("buffered", "nothing else is coming");
            assertEquals("nothing else is coming", new String(consumer.readMessage().body(), java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    @Test
    void sampledConsumerGetsAboutItsShare() throws Exception {
        try (WireClient consumer = consumer("sampled", "ch", 2500, "{\"sample_rate\":42}")) {
            try (WireClient producer = server.connect()) {
                List<byte[]> bodies = new ArrayList<>();
                for (int i = 0; i < 2000; i++) {
                    bodies.add(new byte[]{1});
                }
                producer.sendWithBody("MPUB sampled", WireClient.mpubBody(bodies)).expectResponse("OK");
            }
            await().until(() -> channel("sampled", "ch").depth() == 0);
            long kept = channel("sampled", "ch").inFlightCount();
            assertTrue(kept > 2000 * 0.37 && kept < 2000 * 0.49, "kept " + kept + " of 2000");
        }
    }

    @Test
    void aConsumerThatStopsReadingStopsReceivingBeforeItsRdyIsReached() throws Exception {
        int bodySize = 64 * 1024;
        try (WireClient stalled = consumer("backpressure", "ch", 2500)) {
            try (WireClient producer = server.connect()) {
                byte[] body = new byte[bodySize];
                for (int i = 0; i < 1000; i++) {
                    producer.sendWithBody("PUB backpressure", body);
                }
                for (int i = 0; i < 1000; i++) {
                    producer.expectResponse("OK");
                }
            }
            Channel channel = channel("backpressure", "ch");
            // the socket and the outbound buffer fill, then delivery stops: the rest waits in the channel
            await().until(() -> channel.depth() + channel.inFlightCount() == 1000 && !stalled.equals(null));
            long inFlight = channel.inFlightCount();
            assertTrue(inFlight < 1000, "sent " + inFlight + " messages to a consumer that reads nothing");
            assertTrue(channel.depth() > 0);
        }
    }

    @Test
    void oneByteAtATimeClientIsServedExactly() throws Exception {
        try (WireClient slow = WireClient.connectRaw(server.address())) {
            slow.trickle(WireClient.MAGIC_V2);
            slow.trickle("SUB trickle ch\n".getBytes(StandardCharsets.US_ASCII));
            slow.expectResponse("OK");
            slow.trickle(WireClient.commandWithBody("PUB trickle", "byte by byte".getBytes(StandardCharsets.UTF_8)));
            slow.expectResponse("OK");
            slow.trickle("RDY 1\n".getBytes(StandardCharsets.US_ASCII));
            Delivery delivery = slow.readMessage();
            assertEquals("byte by byte", delivery.text());
            slow.trickle(("FIN " + delivery.id() + "\n").getBytes(StandardCharsets.US_ASCII));
            slow.send("NOP");
            await().until(() -> channel("trickle", "ch").inFlightCount() == 0);
        }
    }

    @Test
    void pipelinedCommandsInOneWriteAreAnsweredInOrder() throws Exception {
        try (WireClient client = server.connect()) {
            byte[] pub = WireClient.commandWithBody("PUB piped", "a".getBytes(StandardCharsets.UTF_8));
            byte[] all = new byte[pub.length * 3];
            for (int i = 0; i < 3; i++) {
                System.arraycopy(pub, 0, all, i * pub.length, pub.length);
            }
            client.write(all);
            client.expectResponse("OK").expectResponse("OK").expectResponse("OK");
        }
        assertEquals(3, server.broker().findTopic("piped").orElseThrow().depth());
    }

    @Test
    void garbageClosesOnlyThatConnection() throws Exception {
        Random random = new Random(7);
        try (WireClient healthy = consumer("survivor", "ch", 1)) {
            for (int i = 0; i < 20; i++) {
                byte[] garbage = new byte[512];
                random.nextBytes(garbage);
                garbage[random.nextInt(64)] = '\n'; // a complete line of garbage: an invalid command
                try (WireClient vandal = server.connect()) {
                    vandal.write(garbage);
                    vandal.readTimeout(5000);
                    while (!vandal.isClosedByPeer()) {
                        // drain whatever error frame came first
                    }
                }
            }
            publish("survivor", "still here");
            assertEquals("still here", healthy.readMessage().text());
        }
    }

    @Test
    @Timeout(120)
    void hundredThousandMessagesArriveExactlyOnce() throws Exception {
        int total = 100_000;
        int batch = 100;
        Map<String, Integer> received = new HashMap<>();
        try (WireClient consumer = consumer("bulk", "ch", 500)) {
            Thread producer = new Thread(() -> {
                try (WireClient client = server.connect()) {
                    for (int sent = 0; sent < total; sent += batch) {
                        List<byte[]> bodies = new ArrayList<>(batch);
                        for (int i = sent; i < sent + batch; i++) {
                            bodies.add(Integer.toString(i).getBytes(StandardCharsets.US_ASCII));
                        }
                        client.sendWithBody("MPUB bulk", WireClient.mpubBody(bodies)).expectResponse("OK");
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            producer.start();
            while (received.size() < total) {
                Delivery delivery = consumer.readMessage();
                received.merge(delivery.text(), 1, Integer::sum);
                consumer.send("FIN " + delivery.id());
            }
            producer.join();
            consumer.expectSilence(300);
        }
        assertEquals(total, received.size());
        assertTrue(received.values().stream().allMatch(count -> count == 1), "a message arrived twice");
        for (int i = 0; i < total; i++) {
            assertTrue(received.containsKey(Integer.toString(i)), "missing " + i);
        }
    }
}
