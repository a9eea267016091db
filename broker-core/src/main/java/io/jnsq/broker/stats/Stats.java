package io.jnsq.broker.stats;

import io.jnsq.broker.Broker;
import io.jnsq.broker.Channel;
import io.jnsq.broker.ClientView;
import io.jnsq.broker.DeadLetterPolicy;
import io.jnsq.broker.Consumer;
import io.jnsq.broker.E2eLatency;
import io.jnsq.broker.Topic;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One reading of the broker (nsqd's {@code GetStats}), the single source of {@code /stats} (JSON and
 * text), statsd and {@code /metrics}. Immutable: every figure is copied when collected. {@code null}
 * lists are nsqd's nil slices, which its JSON shows as {@code null}.
 *
 * @param topics    sorted by name as the broker lists them; {@code null} when the topic filter names no topic
 * @param producers clients that have published; {@code null} when there are none or clients are excluded
 */
public record Stats(List<TopicStats> topics, List<ClientStats> producers) {

    public Stats {
        topics = topics == null ? null : Collections.unmodifiableList(topics);
        producers = producers == null ? null : Collections.unmodifiableList(producers);
    }

    public record TopicStats(String name, List<ChannelStats> channels, long depth, long backendDepth, long messageCount,
                             long messageBytes, boolean paused, E2eLatency e2eLatency) {

        public TopicStats {
            channels = Collections.unmodifiableList(channels);
        }
    }

    /**
     * @param globalMsgCount deliveries from memory (nsqd master's {@code global_msg_count}, see
     *                       {@link Channel#globalMsgCount()})
     * @param clients        {@code null} when clients are excluded; {@code clientCount} is always there
     * @param deadLetter     the dead-letter setting in force and what it moved (jnsq's)
     */
    public record ChannelStats(String name, long depth, long backendDepth, int inFlightCount, int deferredCount,
                               long messageCount, long globalMsgCount, long requeueCount, long timeoutCount,
                               int clientCount, List<ClientStats> clients, boolean paused, E2eLatency e2eLatency,
                               DeadLetterStats deadLetter) {

        public ChannelStats {
            clients = clients == null ? null : Collections.unmodifiableList(clients);
        }

        /** A channel without dead-lettering. */
        public ChannelStats(String name, long depth, long backendDepth, int inFlightCount, int deferredCount,
                            long messageCount, long globalMsgCount, long requeueCount, long timeoutCount,
                            int clientCount, List<ClientStats> clients, boolean paused, E2eLatency e2eLatency) {
            this(name, depth, backendDepth, inFlightCount, deferredCount, messageCount, globalMsgCount, requeueCount,
                    timeoutCount, clientCount, clients, paused, e2eLatency, DeadLetterStats.NONE);
        }
    }

    /**
     * @param maxAttempts the setting in force (0: off)
     * @param topic       its dead-letter topic ({@code ""} when off)
     * @param count       messages moved to a dead-letter topic since the start
     */
    public record DeadLetterStats(int maxAttempts, String topic, long count) {

        public static final DeadLetterStats NONE = new DeadLetterStats(0, "", 0);

        /** Whether there is anything to show: nsqd's fields alone otherwise. */
        public boolean shown() {
            return maxAttempts > 0 || count > 0;
        }
    }

    /**
     * A client as it was when collected.
     *
     * @param pubCount the one publish count nsqd shows: for the filtered topic, else the first; {@code null}
     *                 when there is none
     */
    public record ClientStats(long clientId, String clientName, String hostname, String version, String remoteAddress,
                              int state, long readyCount, long inFlightCount, long messageCount, long finishCount,
                              long requeueCount, long connectTimeSeconds, int sampleRate, boolean deflate,
                              boolean snappy, String userAgent, boolean authed, String authIdentity,
                              String authIdentityUrl, String topologyZone, String topologyRegion,
                              Map.Entry<String, Long> pubCount, boolean tls, String tlsCipherSuite, String tlsVersion,
                              String tlsNegotiatedProtocol, boolean tlsNegotiatedProtocolIsMutual) {

        static ClientStats of(ClientView client, String topicFilter) {
            Map.Entry<String, Long> shown = null;
            for (Map.Entry<String, Long> count : client.publishCounts().entrySet()) {
                if (topicFilter.isEmpty() || count.getKey().equals(topicFilter)) {
                    shown = Map.entry(count.getKey(), count.getValue());
                    break;
                }
            }
            return new ClientStats(client.clientId(), client.clientName(), client.hostname(), client.version(),
                    client.remoteAddress(), client.state(), client.readyCount(), client.counters().inFlightCount(),
                    client.counters().messageCount(), client.counters().finishCount(),
                    client.counters().requeueCount(), client.connectTimeSeconds(), client.sampleRate(),
                    client.deflate(), client.snappy(), client.userAgent(), client.authed(), client.authIdentity(),
                    client.authIdentityUrl(), client.topologyZone(), client.topologyRegion(), shown, client.tls(),
                    client.tlsCipherSuite(), client.tlsVersion(), client.tlsNegotiatedProtocol(),
                    client.tlsNegotiatedProtocolIsMutual());
        }
    }

    /** Every topic and channel, without clients: what statsd and {@code /metrics} read. */
    public static Stats collect(Broker broker) {
        return collect(broker, "", "", false);
    }

    /**
     * nsqd's {@code GetStats}: an unknown topic yields no topics and no producers at all.
     *
     * @param topicFilter   empty for every topic
     * @param channelFilter empty for every channel
     */
    public static Stats collect(Broker broker, String topicFilter, String channelFilter, boolean includeClients) {
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
        Map<Long, ClientView> clientsById = new HashMap<>();
        List<ClientView> connected = includeClients ? broker.clients() : List.of();
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
        for (ClientView client : connected) {
            if (!client.publishCounts().isEmpty()) {
                producers = producers == null ? new ArrayList<>() : producers;
                producers.add(ClientStats.of(client, topicFilter));
            }
        }
        return new Stats(topicStats, producers);
    }

    private static ChannelStats channelStats(Channel channel, boolean includeClients, Map<Long, ClientView> clientsById,
                                             String topicFilter) {
        List<ClientStats> clients = null;
        int clientCount;
        if (includeClients) {
            List<Consumer> consumers = channel.consumers();
            clientCount = consumers.size();
            clients = new ArrayList<>(consumers.size());
            for (Consumer consumer : consumers) {
                ClientView view = consumer instanceof ClientView ? (ClientView) consumer : clientsById.get(consumer.clientId());
                if (view != null) {
                    clients.add(ClientStats.of(view, topicFilter));
                }
            }
        } else {
            // a count only: no copy of the consumer list per channel, which keeps a 10k-channel scrape cheap
            clientCount = channel.consumerCount();
        }
        DeadLetterPolicy deadLetter = channel.deadLetterPolicy();
        return new ChannelStats(channel.name(), channel.depth(), channel.backendDepth(), channel.inFlightCount(),
                channel.deferredCount(), channel.messageCount(), channel.globalMsgCount(), channel.requeueCount(),
                channel.timeoutCount(), clientCount, clients, channel.paused(), channel.e2eProcessingLatency(),
                new DeadLetterStats(deadLetter.maxAttempts(), deadLetter.topic(), channel.deadLetterCount()));
    }
}
