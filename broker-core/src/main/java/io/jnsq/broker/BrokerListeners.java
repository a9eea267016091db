package io.jnsq.broker;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/** Several listeners told as one, in order; one that throws does not keep the others from hearing. */
final class BrokerListeners implements BrokerListener {

    private static final Logger log = LoggerFactory.getLogger(BrokerListeners.class);

    private final List<BrokerListener> listeners;

    private BrokerListeners(List<BrokerListener> listeners) {
        this.listeners = listeners;
    }

    static BrokerListener of(List<BrokerListener> listeners) {
        return listeners.size() == 1 ? listeners.get(0) : new BrokerListeners(List.copyOf(listeners));
    }

    @Override
    public void topicCreated(Topic topic) {
        for (BrokerListener listener : listeners) {
            try {
                listener.topicCreated(topic);
            } catch (RuntimeException e) {
                failed(listener, "topicCreated", e);
            }
        }
    }

    @Override
    public void topicDeleted(Topic topic) {
        for (BrokerListener listener : listeners) {
            try {
                listener.topicDeleted(topic);
            } catch (RuntimeException e) {
                failed(listener, "topicDeleted", e);
            }
        }
    }

    @Override
    public void channelCreated(Topic topic, Channel channel) {
        for (BrokerListener listener : listeners) {
            try {
                listener.channelCreated(topic, channel);
            } catch (RuntimeException e) {
                failed(listener, "channelCreated", e);
            }
        }
    }

    @Override
    public void channelDeleted(Topic topic, Channel channel) {
        for (BrokerListener listener : listeners) {
            try {
                listener.channelDeleted(topic, channel);
            } catch (RuntimeException e) {
                failed(listener, "channelDeleted", e);
            }
        }
    }

    private static void failed(BrokerListener listener, String event, RuntimeException e) {
        log.error("broker listener {} failed on {}", listener, event, e);
    }
}
