package io.jnsq.server.http.api;

import io.jnsq.broker.Broker;
import io.jnsq.broker.Channel;
import io.jnsq.broker.ClientView;
import io.jnsq.broker.Consumer;
import io.jnsq.broker.E2eLatency;
import io.jnsq.broker.Topic;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One reading of the broker for {@code /stats}, shared by the JSON and text renderings. {@code null}
 * lists are nsqd's nil slices, which its JSON shows as {@code null}.
 *
 * @param topics    {@code null} when the topic filter names no topic
 * @param producers clients that have published; {@code null} when there are none or clients are excluded
 */
record Stats(List<TopicStats> topics, List<ClientStats> producers) {

    record TopicStats(String name, List<ChannelStats> channels, long depth, long backendDepth, long messageCount,
                      long messageBytes, boolean paused, E2eLatency e2eLatency) {
    }

    /** @param clients {@code null} when clients are excluded; {@code clientCount} is always there */
    record ChannelStats(String name, long depth, long backendDepth, int inFlightCount, int deferredCount,
                        long messageCount, long requeueCount, long timeoutCount, int clientCount,
                        List<ClientStats> clients, boolean paused, E2eLatency e2eLatency) {
    }

    /**
     * @param pubCount the one publish count nsqd shows: for the filtered topic, else the first; {@code null}
     *                 when there is none
     */
    record ClientStats(ClientView client, Map.Entry<String, Long> pubCount) {

        static ClientStats of(ClientView client, String topicFilter) {
            Map.Entry<String, Long> shown = null;
            for (Map.Entry<String, Long> count : client.publishCounts().entrySet()) {
                if (topicFilter.isEmpty() || count.getKey().equals(topicFilter)) {
                    shown = Map.entry(count.getKey(), count.getValue());
                    break;
                }
            }
            return new ClientStats(client, shown);
        }
    }

    /** nsqd's {@code GetStats}: an unknown topic yields no topics and no producers at all. */
    static Stats collect(Broker broker, String topicFilter, String channelFilter, boolean includeClients) {
        List<Topic> topics;
        if (topicFilter.isEmpty()) {
            topics = broker.topics();
        } else {
            Topic topic = broker.findTopic(topicFilter).orElse(null);
            if (topic == null) {
                return new Stats(null, null);
            }
            topics = List.of(topic);
        }
        List<ClientView> connected = broker.clients();
        Map<Long, ClientView> clientsById = new HashMap<>();
        connected.forEach(client -> clientsById.put(client.clientId(), client));

        List<TopicStats> topicStats = new ArrayList<>(topics.size());
        for (Topic topic : topics) {
            List<Channel> channels;
            if (channelFilter.isEmpty()) {
                channels = topic.channels();
            } else {
                Channel channel = topic.findChannel(channelFilter).orElse(null);
                if (channel == null) {
                    continue;
                }
                channels = List.of(channel);
            }
            List<ChannelStats> channelStats = new ArrayList<>(channels.size());
            for (Channel channel : channels) {
                channelStats.add(channelStats(channel, includeClients, clientsById, topicFilter));
            }
            topicStats.add(new TopicStats(topic.name(), channelStats, topic.depth(), topic.backendDepth(),
                    topic.messageCount(), topic.messageBytes(), topic.paused(), topic.e2eProcessingLatency()));
        }

        List<ClientStats> producers = null;
        if (includeClients) {
            for (ClientView client : connected) {
                if (!client.publishCounts().isEmpty()) {
                    producers = producers == null ? new ArrayList<>() : producers;
                    producers.add(ClientStats.of(client, topicFilter));
                }
            }
        }
        return new Stats(topicStats, producers);
    }

    private static ChannelStats channelStats(Channel channel, boolean includeClients, Map<Long, ClientView> clientsById,
                                             String topicFilter) {
        List<Consumer> consumers = channel.consumers();
        List<ClientStats> clients = null;
        if (includeClients) {
            clients = new ArrayList<>(consumers.size());
            for (Consumer consumer : consumers) {
                ClientView view = consumer instanceof ClientView ? (ClientView) consumer : clientsById.get(consumer.clientId());
                if (view != null) {
                    clients.add(ClientStats.of(view, topicFilter));
                }
            }
        }
        return new ChannelStats(channel.name(), channel.depth(), channel.backendDepth(), channel.inFlightCount(),
                channel.deferredCount(), channel.messageCount(), channel.requeueCount(), channel.timeoutCount(),
                consumers.size(), clients, channel.paused(), channel.e2eProcessingLatency());
    }
}
