package io.jnsq.broker;

/**
 * Told when topics and channels come and go: what nsqlookupd registration and the metadata file follow.
 * Called outside the broker's locks, on the thread that made the change.
 */
public interface BrokerListener {

    BrokerListener NONE = new BrokerListener() {
    };

    default void topicCreated(Topic topic) {
    }

    default void topicDeleted(Topic topic) {
    }

    default void channelCreated(Topic topic, Channel channel) {
    }

    default void channelDeleted(Topic topic, Channel channel) {
    }
}
