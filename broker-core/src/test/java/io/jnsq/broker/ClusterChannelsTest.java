package io.jnsq.broker;

import io.jnsq.broker.config.BrokerConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A topic created at runtime holds its messages until the cluster's channels for it exist (spec §4.3). */
@Timeout(30)
class ClusterChannelsTest {

    @TempDir
    Path dataPath;
    private final Map<String, CompletableFuture<Set<String>>> asked = new ConcurrentHashMap<>();
    private final List<Broker> brokers = new ArrayList<>();

    @AfterEach
    void stop() {
        brokers.forEach(Broker::close);
    }

    private Broker broker(Duration patience, BrokerListener... listeners) {
        BrokerConfig config = BrokerConfig.builder().messages(m -> m.nodeId(3))
                .queues(q -> q.dataPath(dataPath).memQueueSize(10)).build();
        Broker broker = new Broker(config, null, List.of(listeners), new ChannelDiscovery() {
            @Override
            public CompletableFuture<Set<String>> channelsOf(String topic) {
                return asked.computeIfAbsent(topic, name -> new CompletableFuture<>());
            }

            @Override
            public Duration patience() {
                return patience;
            }
        });
        brokers.add(broker);
        return broker;
    }

    private Broker broker() {
        return broker(ChannelDiscovery.NONE.patience(), BrokerListener.NONE);
    }

    private static void publish(Topic topic, String body) throws BrokerException {
        topic.put(topic.newMessage(body.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aNewTopicHoldsItsMessagesUntilTheClusterChannelsExistThenEveryChannelGetsThem() throws Exception {
        Broker broker = broker();
        Topic topic = broker.topic("t");
        publish(topic, "m1");
        Channel subscribed = topic.channel("local"); // a consumer arriving meanwhile waits too
        publish(topic, "m2");
        assertEquals(2, topic.depth());
        assertEquals(0, subscribed.depth());

        asked.get("t").complete(Set.of("c1", "c2", "tail#ephemeral", "not valid!"));

        await().until(() -> topic.depth() == 0);
        assertEquals(List.of("c1", "c2", "local"), topic.channels().stream().map(Channel::name).toList());
        for (Channel channel : topic.channels()) {
            assertEquals(2, channel.depth(), channel.name());
        }
        publish(topic, "m3");
        assertEquals(3, subscribed.depth(), "delivering directly now");
    }

    @Test
    void aFailedQueryStillStartsDelivery() throws Exception {
        Broker broker = broker();
        Topic topic = broker.topic("t");
        Channel channel = topic.channel("c");
        publish(topic, "m1");
        assertEquals(0, channel.depth());

        asked.get("t").completeExceptionally(new IllegalStateException("lookupd down"));

        await().until(() -> channel.depth() == 1);
        assertEquals(List.of("c"), topic.channels().stream().map(Channel::name).toList());
    }

    @Test
    void aQueryThatNeverAnswersStartsDeliveryAfterTheDiscoverysPatience() throws Exception {
        Broker broker = broker(Duration.ofMillis(100), BrokerListener.NONE);
        Topic topic = broker.topic("t");
        Channel channel = topic.channel("c");
        publish(topic, "m1");

        await().atMost(Duration.ofSeconds(5)).until(() -> channel.depth() == 1);
        asked.get("t").complete(Set.of("late")); // a late answer still creates its channels
        await().until(() -> topic.findChannel("late").isPresent());
    }

    @Test
    void anAnswerAlreadyThereCreatesTheChannelsBeforeTopicReturns() throws Exception {
        Broker broker = broker();
        asked.put("t", CompletableFuture.completedFuture(Set.of("c")));
        Topic topic = broker.topic("t");
        assertTrue(topic.findChannel("c").isPresent());
        publish(topic, "m1");
        assertEquals(1, topic.findChannel("c").orElseThrow().depth());
    }

    @Test
    void everyListenerHearsOfTheChangesEvenWhenOneFails() throws Exception {
        List<String> heard = new CopyOnWriteArrayList<>();
        BrokerListener failing = new BrokerListener() {
            @Override
            public void topicCreated(Topic topic) {
                throw new IllegalStateException("boom");
            }
        };
        BrokerListener recording = new BrokerListener() {
            @Override
            public void topicCreated(Topic topic) {
                heard.add("+" + topic.name());
            }

            @Override
            public void channelCreated(Topic topic, Channel channel) {
                heard.add("+" + topic.name() + "/" + channel.name());
            }

            @Override
            public void channelDeleted(Topic topic, Channel channel) {
                heard.add("-" + topic.name() + "/" + channel.name());
            }

            @Override
            public void topicDeleted(Topic topic) {
                heard.add("-" + topic.name());
            }
        };
        Broker broker = broker(ChannelDiscovery.NONE.patience(), failing, recording);
        asked.put("t", CompletableFuture.completedFuture(Set.of("from-cluster")));
        Topic topic = broker.topic("t");
        topic.channel("c");
        topic.deleteChannel("c").join();
        broker.deleteTopic("t").join();
        assertEquals(List.of("+t", "+t/from-cluster", "+t/c", "-t/c", "-t/from-cluster", "-t"), heard);
    }

    @Test
    void topicsRestoredFromMetadataDoNotAsk() throws Exception {
        Broker first = broker();
        asked.put("t", CompletableFuture.completedFuture(Set.of()));
        first.topic("t").channel("c");
        first.persistMetadata().join();
        first.close();
        brokers.remove(first);
        asked.clear();

        Broker restarted = broker();
        restarted.loadMetadata();
        Topic topic = restarted.findTopic("t").orElseThrow();
        assertFalse(asked.containsKey("t"));
        publish(topic, "m1");
        assertEquals(1, topic.findChannel("c").orElseThrow().depth());
    }
}
