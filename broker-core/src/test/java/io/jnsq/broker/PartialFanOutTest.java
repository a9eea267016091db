package io.jnsq.broker;

import io.jnsq.broker.config.BrokerConfig;
import io.jnsq.broker.queue.BackendQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One channel's backend refuses writes while the others take them: the publish is refused (never
 * acknowledged for a message a channel did not take), health turns NOK, and everything recovers with
 * the backend. Fault injection through {@link BackendQueueFactory}; the real-file cases are in
 * V2StorageFailureTest and the nsqd module's DiskFailureProcessTest.
 */
class PartialFanOutTest {

    @TempDir
    Path dataPath;
    private final Map<String, FlakyBackend> backends = new ConcurrentHashMap<>();
    private Broker broker;

    @BeforeEach
    void start() {
        // every message goes to the backend, as with --mem-queue-size=0
        broker = new Broker(BrokerConfig.builder().messages(m -> m.nodeId(3)).queues(q -> q.dataPath(dataPath).memQueueSize(0)).build(),
                name -> backends.computeIfAbsent(name, n -> new FlakyBackend()), BrokerListener.NONE);
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    @Test
    void aPublishOneChannelCannotTakeIsRefusedAndTheOthersStillGetIt() throws Exception {
        Topic topic = broker.topic("t");
        Channel healthy = topic.channel("healthy");
        Channel full = topic.channel("full");
        backends.get("t:full").failing = true;

        assertEquals("no space left on device", refusal(topic.put(topic.newMessage(body("m0")))).getMessage());
        assertEquals("no space left on device", refusal(topic.putAll(topic.newMessages(List.of(body("m1"), body("m2"))))).getMessage());
        assertEquals("NOK - no space left on device", broker.health().status());
        assertEquals(0, topic.messageCount(), "nothing refused is counted as published");
        assertEquals(3, healthy.depth(), "a channel that could take them keeps them (a retry duplicates them)");
        assertEquals(0, full.depth());

        backends.get("t:full").failing = false;
        topic.put(topic.newMessage(body("m3")));
        assertEquals("OK", broker.health().status());
        assertEquals(4, healthy.depth());
        assertEquals(List.of("m3"), backends.get("t:full").bodies());
    }

    @Test
    void heldMessagesAChannelCannotTakeStayInTheTopicUntilItCan() throws Exception {
        Topic topic = broker.topic("held");
        for (int i = 0; i < 3; i++) {
            topic.put(topic.newMessage(body("m" + i)));
        }
        backends.computeIfAbsent("held:late", n -> new FlakyBackend()).failing = true;

        Channel late = topic.channel("late"); // the drain meets the failure and stops
        await().until(() -> !broker.health().ok());
        assertEquals(0, late.depth());
        assertEquals(3, topic.depth(), "nothing left the topic that the channel did not take");

        backends.get("held:late").failing = false;
        topic.put(topic.newMessage(body("m3"))); // queues behind the held messages, which go first, in order
        await().until(() -> topic.depth() == 0);
        assertTrue(broker.health().ok());
        assertEquals(List.of("m0", "m1", "m2", "m3"), backends.get("held:late").bodies());
    }

    @Test
    void aMessageTheBackendWillNotTakeBackWaitsInsteadOfBeingDropped() throws Exception {
        Topic topic = broker.topic("re");
        Channel channel = topic.channel("c");
        topic.put(topic.newMessage(body("again")));
        RecordingConsumer consumer = new RecordingConsumer(10);
        channel.addConsumer(consumer);
        channel.consumerReady();
        assertEquals(1, consumer.delivered.size());

        backends.get("re:c").failing = true;
        channel.requeue(consumer, consumer.delivered.get(0).id(), 0); // no E_REQ_FAILED: the message is kept
        await().until(() -> channel.deferredCount() == 1);
        channel.processDue(System.nanoTime() + 2_000_000_000L); // still failing: it waits again
        await().until(() -> channel.deferredCount() == 1);

        backends.get("re:c").failing = false;
        channel.processDue(System.nanoTime() + 4_000_000_000L);
        await().until(() -> consumer.delivered.size() == 2);
        assertEquals("again", new String(consumer.delivered.get(1).body(), StandardCharsets.UTF_8));
    }

    private static Throwable refusal(CompletableFuture<Void> stored) {
        CompletionException failed = assertThrows(CompletionException.class, stored::join);
        return failed.getCause();
    }

    private static byte[] body(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** A backend in memory that refuses writes while {@link #failing}, as a full disk does. */
    private static final class FlakyBackend implements BackendQueue {

        volatile boolean failing;
        private final List<byte[]> records = new ArrayList<>();
        private int next;

        @Override
        public synchronized CompletableFuture<Void> append(List<byte[]> batch) {
            if (failing) {
                return CompletableFuture.failedFuture(new IOException("no space left on device"));
            }
            records.addAll(batch);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public synchronized Taken take() {
            return next < records.size() ? new Taken(records.get(next), next++) : null;
        }

        @Override
        public void acknowledge(long token) {
        }

        @Override
        public synchronized long depth() {
            return records.size() - next;
        }

        @Override
        public void whenReadable(Runnable listener) {
            // everything appended is readable at once
        }

        @Override
        public synchronized CompletableFuture<Void> empty() {
            next = records.size();
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void close() {
        }

        @Override
        public CompletableFuture<Void> delete() {
            return CompletableFuture.completedFuture(null);
        }

        synchronized List<String> bodies() {
            return records.subList(next, records.size()).stream()
                    .map(record -> new String(MessageCodec.decode(record).body(), StandardCharsets.UTF_8)).toList();
        }
    }
}
