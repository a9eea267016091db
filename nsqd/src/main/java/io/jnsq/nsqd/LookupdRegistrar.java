package io.jnsq.nsqd;

import io.jnsq.broker.Broker;
import io.jnsq.broker.BrokerListener;
import io.jnsq.broker.Channel;
import io.jnsq.broker.ChannelDiscovery;
import io.jnsq.broker.Topic;
import io.jnsq.lookupd.LookupdClient;
import io.jnsq.lookupd.Registration;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The broker's side of nsqlookupd: each topic and channel that comes or goes (ephemeral ones too) is
 * registered or unregistered with every lookupd, and a topic created at runtime asks them for the
 * channels it has elsewhere. Made before the broker, attached to the client once the listeners are
 * bound (IDENTIFY announces their ports): changes before that are announced by the client's first
 * re-sync, which reads {@link #registrations}.
 */
final class LookupdRegistrar implements BrokerListener, ChannelDiscovery {

    private volatile LookupdClient client;
    private volatile Duration patience = ChannelDiscovery.NONE.patience();

    /** Set before the broker starts: {@code --http-client-connect-timeout} plus {@code --http-client-request-timeout}. */
    void patience(Duration wait) {
        this.patience = wait;
    }

    @Override
    public Duration patience() {
        return patience;
    }

    void attach(LookupdClient client) {
        this.client = client;
    }

    /** Every topic and channel the broker has now; read on the lookupd client's loop, without locks. */
    static List<Registration> registrations(Broker broker) {
        List<Registration> registrations = new ArrayList<>();
        for (Topic topic : broker.topics()) {
            registrations.add(Registration.topic(topic.name()));
            for (Channel channel : topic.channels()) {
                registrations.add(Registration.channel(topic.name(), channel.name()));
            }
        }
        return registrations;
    }

    @Override
    public void topicCreated(Topic topic) {
        LookupdClient current = client;
        if (current != null) {
            current.register(topic.name());
        }
    }

    @Override
    public void topicDeleted(Topic topic) {
        LookupdClient current = client;
        if (current != null) {
            current.unregister(topic.name());
        }
    }

    @Override
    public void channelCreated(Topic topic, Channel channel) {
        LookupdClient current = client;
        if (current != null) {
            current.register(topic.name(), channel.name());
        }
    }

    @Override
    public void channelDeleted(Topic topic, Channel channel) {
        LookupdClient current = client;
        if (current != null) {
            current.unregister(topic.name(), channel.name());
        }
    }

    @Override
    public CompletableFuture<Set<String>> channelsOf(String topic) {
        LookupdClient current = client;
        return current == null ? CompletableFuture.completedFuture(Set.of()) : current.channelsOf(topic);
    }
}
