package io.jnsq.broker;

import io.jnsq.broker.config.BrokerConfig;
import io.jnsq.broker.config.QueueConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a restart on the same data path brings back. */
class BrokerRestartTest {

    @TempDir
    Path dataPath;
    private Broker broker;

    private Broker start(long memQueueSize) throws Exception {
        return start(config(dataPath, q -> q.memQueueSize(memQueueSize)));
    }

    private static BrokerConfig config(Path path, Consumer<QueueConfig.Builder> queues) {
        return BrokerConfig.builder().messages(m -> m.nodeId(5)).queues(q -> queues.accept(q.dataPath(path))).build();
    }

    private Broker start(BrokerConfig config) throws Exception {
        broker = new Broker(config, BrokerListener.NONE);
        broker.loadMetadata();
        return broker;
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    /** Delivers what the channel holds (from disk, through its read-ahead) once {@code expected} arrived. */
    private static List<String> drain(Channel channel, int expected) {
        RecordingConsumer consumer = new RecordingConsumer(100_000);
        try {
            channel.addConsumer(consumer);
        } catch (BrokerException e) {
            throw new IllegalStateException(e);
        }
        channel.consumerReady();
        await().until(() -> consumer.delivered.size() >= expected);
        return List.copyOf(consumer.delivered).stream().map(m -> new String(m.body(), StandardCharsets.UTF_8)).toList();
    }

    @Test
    void topicsChannelsPausedStateAndUndeliveredMessagesComeBack() throws Exception {
        start(2);
        Topic orders = broker.topic("orders");
        Channel archive = orders.channel("archive");
        orders.channel("audit").pause();
        broker.topic("idle").pause();
        broker.topic("scratch#ephemeral").channel("tail#ephemeral");
        for (int i = 0; i < 5; i++) {
            orders.put(orders.newMessage(("m" + i).getBytes(StandardCharsets.UTF_8)));
        }
        archive.addConsumer(new RecordingConsumer(1)); // m0 goes in flight
        broker.topic("waiting").put(broker.topic("waiting").newMessage("no channel yet".getBytes(StandardCharsets.UTF_8)));
        broker.close();

        assertTrue(Files.readString(dataPath.resolve("nsqd.dat")).contains("\"name\":\"audit\",\"paused\":true"));
        start(2);
        assertEquals(List.of("idle", "orders", "waiting"), broker.topics().stream().map(Topic::name).toList(),
                "ephemeral topics are not restored");
        assertTrue(broker.findTopic("idle").orElseThrow().paused());
        Topic restored = broker.findTopic("orders").orElseThrow();
        assertTrue(restored.findChannel("audit").orElseThrow().paused());
        assertFalse(restored.findChannel("archive").orElseThrow().paused());
        assertEquals(1, broker.findTopic("waiting").orElseThrow().depth());
        List<String> archived = drain(restored.findChannel("archive").orElseThrow(), 5);
        assertEquals(5, archived.size());
        assertTrue(archived.containsAll(List.of("m0", "m1", "m2", "m3", "m4")), archived.toString());
        assertEquals(5, restored.findChannel("audit").orElseThrow().depth());
    }

    @Test
    void creatingAndDeletingChannelsRewritesTheMetadataAtOnce() throws Exception {
        start(10);
        broker.topic("t").channel("c");
        broker.metadataWritten().join(); // what a SUB's or /channel/create's reply waits for
        assertTrue(Files.readString(dataPath.resolve("nsqd.dat")).contains("\"name\":\"c\""));
        broker.findTopic("t").orElseThrow().deleteChannel("c").join();
        assertEquals("{\"topics\":[{\"name\":\"t\",\"paused\":false,\"channels\":null}],\"version\":\"1.3.0\"}",
                Files.readString(dataPath.resolve("nsqd.dat")));
    }

    @Test
    void durableModeRedeliversMessagesTakenButNotFinishedAfterACrash() throws Exception {
        // durable mode: every message is on disk, synced, before PUB is acknowledged
        start(config(dataPath, q -> q.memQueueSize(0).syncEvery(1)));
        Topic topic = broker.topic("jobs");
        Channel channel = topic.channel("workers");
        broker.metadataWritten().join(); // as a SUB's OK waits for it
        RecordingConsumer consumer = new RecordingConsumer(3);
        channel.addConsumer(consumer);
        for (int i = 0; i < 5; i++) {
            topic.put(topic.newMessage(("job" + i).getBytes(StandardCharsets.UTF_8))).join();
        }
        await().until(() -> consumer.delivered.size() == 3);
        channel.finish(consumer, consumer.delivered.get(1).id());
        // a crash: nothing is closed or flushed; only what already reached the disk files remains
        Path crashCopy = Files.createTempDirectory("crash-copy");
        copyAsACrashLeavesIt(crashCopy);
        broker.close();

        start(config(crashCopy, q -> q.memQueueSize(0).syncEvery(1)));
        List<String> redelivered = drain(broker.findTopic("jobs").orElseThrow().findChannel("workers").orElseThrow(), 4);
        assertTrue(redelivered.containsAll(List.of("job0", "job2", "job3", "job4")), redelivered.toString());
    }

    @Test
    void recordsWrittenAfterTheLastSyncAreCountedAndDeliveredAfterACrash() throws Exception {
        start(0); // sync every 2500: the meta file lags the data file
        Topic topic = broker.topic("unsynced");
        topic.channel("c");
        broker.metadataWritten().join(); // as a publisher's OK waits for it
        for (int i = 0; i < 3; i++) {
            topic.put(topic.newMessage(("u" + i).getBytes(StandardCharsets.UTF_8))).join();
        }
        Path crashCopy = Files.createTempDirectory("crash-copy");
        copyAsACrashLeavesIt(crashCopy);
        broker.close();

        start(config(crashCopy, q -> q.memQueueSize(0)));
        Channel channel = broker.findTopic("unsynced").orElseThrow().findChannel("c").orElseThrow();
        assertEquals(3, channel.depth());
        assertEquals(List.of("u0", "u1", "u2"), drain(channel, 3));
    }

    @Test
    void aBacklogSpreadOverManyRolledFilesComesBackWholeAndInOrder() throws Exception {
        BrokerConfig small = config(dataPath, q -> q.memQueueSize(0).maxBytesPerFile(1024));
        start(small);
        Topic topic = broker.topic("rolled");
        topic.channel("c");
        for (int i = 0; i < 200; i++) {
            topic.put(topic.newMessage(String.format("message-%03d", i).getBytes(StandardCharsets.UTF_8))).join();
        }
        assertTrue(dataFiles("rolled:c") > 5, "the backlog spans several data files");
        broker.close();

        start(small);
        Channel channel = broker.findTopic("rolled").orElseThrow().findChannel("c").orElseThrow();
        RecordingConsumer consumer = new RecordingConsumer(1000);
        channel.addConsumer(consumer);
        channel.consumerReady();
        await().until(() -> consumer.delivered.size() == 200);
        for (int i = 0; i < 200; i++) {
            assertEquals(String.format("message-%03d", i), new String(consumer.delivered.get(i).body(), StandardCharsets.UTF_8));
        }
        assertTrue(dataFiles("rolled:c") > 5, "files stay while their messages are in flight");
        for (Message message : List.copyOf(consumer.delivered)) {
            channel.finish(consumer, message.id());
        }
        await().until(() -> dataFiles("rolled:c") == 1); // finished files are deleted; only the current write file is left
    }

    /** Copies the data path as it is; a temporary meta file that is renamed meanwhile is simply not there. */
    private void copyAsACrashLeavesIt(Path crashCopy) throws java.io.IOException {
        try (var files = Files.list(dataPath)) {
            for (Path file : files.toList()) {
                try {
                    Files.copy(file, crashCopy.resolve(file.getFileName()));
                } catch (java.nio.file.NoSuchFileException renamedMeanwhile) {
                    // a crash at this moment leaves it, or not: the meta file it becomes is copied either way
                }
            }
        }
    }

    private long dataFiles(String queue) throws java.io.IOException {
        try (var files = Files.list(dataPath)) {
            return files.filter(f -> f.getFileName().toString().matches(java.util.regex.Pattern.quote(queue)
                    + "\\.diskqueue\\.\\d+\\.dat")).count();
        }
    }
}
