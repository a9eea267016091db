package io.jnsq.nsqd;

import io.jnsq.broker.Broker;
import io.jnsq.broker.BrokerException;
import io.jnsq.broker.Channel;
import io.jnsq.broker.InProcessConsumer;
import io.jnsq.broker.Message;
import io.jnsq.broker.Names;
import io.jnsq.broker.Topic;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * The running broker reached in-process, without a socket: what a test asks of the node around the
 * service it tests (publish a message, see a depth, take what a channel holds). Every call waits for
 * what it changed to be committed, as a PUB's {@code OK} does.
 */
public final class LocalClient {

    private static final long MAX_READY = 1L << 20;

    private final Broker broker;

    LocalClient(Broker broker) {
        this.broker = broker;
    }

    /** Publishes {@code body} to {@code topic} (created if new) and returns once it is stored. */
    public void publish(String topic, byte[] body) {
        Topic target = topic(topic);
        try {
            target.put(target.newMessage(body)).join();
            broker.metadataWritten().join();
        } catch (BrokerException | CompletionException e) {
            throw new IllegalStateException("cannot publish to " + topic + ": " + e.getMessage(), e);
        }
    }

    /** {@link #publish(String, byte[])} of a UTF-8 text. */
    public void publish(String topic, String body) {
        publish(topic, body.getBytes(StandardCharsets.UTF_8));
    }

    /** Creates the channel (and its topic) if new, so that it receives every message published from now on. */
    public void createChannel(String topic, String channel) {
        channel(topic, channel);
    }

    /** Messages the topic holds (no channel yet, or paused); 0 for a topic that does not exist. */
    public long depth(String topic) {
        return broker.findTopic(topic).map(Topic::depth).orElse(0L);
    }

    /** Messages queued on the channel, in memory or on disk, not counting in flight or deferred; 0 when absent. */
    public long depth(String topic, String channel) {
        return broker.findTopic(topic).flatMap(t -> t.findChannel(channel)).map(Channel::depth).orElse(0L);
    }

    /**
     * Takes and finishes the messages the channel holds now (created if new), as a consumer would: up to
     * its depth at the call, waiting at most {@code patience} for those read back from disk.
     *
     * @return their bodies, in delivery order
     */
    public List<byte[]> drain(String topic, String channel, Duration patience) {
        return drain(topic, channel, Integer.MAX_VALUE, patience);
    }

    /** {@link #drain(String, String, Duration)} of at most {@code max} messages. */
    public List<byte[]> drain(String topic, String channel, int max, Duration patience) {
        Channel source = channel(topic, channel);
        long wanted = Math.min(Math.min(source.depth(), max), MAX_READY);
        if (wanted <= 0) {
            return List.of();
        }
        InProcessConsumer taker = new InProcessConsumer(broker.nextClientId(), wanted,
                broker.config().messages().msgTimeout().toNanos());
        try {
            source.addConsumer(taker);
            source.consumerReady();
        } catch (BrokerException e) {
            throw new IllegalStateException("cannot consume " + topic + "/" + channel + ": " + e.getMessage(), e);
        }
        List<byte[]> bodies = new ArrayList<>();
        try {
            long deadline = System.nanoTime() + patience.toNanos();
            while (bodies.size() < wanted) {
                Message message = taker.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (message == null) {
                    break;
                }
                source.finish(taker, message.id());
                bodies.add(message.body());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (BrokerException e) {
            throw new IllegalStateException("cannot finish a message of " + topic + "/" + channel + ": " + e.getMessage(), e);
        } finally {
            taker.ready(0);
            source.removeConsumer(taker);
            requeueUnfinished(source, taker);
        }
        return bodies;
    }

    /** What reached the taker after it stopped waiting goes back to the channel at once, not after a timeout. */
    private static void requeueUnfinished(Channel source, InProcessConsumer taker) {
        for (Message message = taker.poll(); message != null; message = taker.poll()) {
            try {
                source.requeue(taker, message.id(), 0);
            } catch (BrokerException e) {
                // the channel is gone or exiting: nothing to give back to
            }
        }
    }

    /** {@link #drain(String, String, Duration)} waiting up to 5 s for messages on disk. */
    public List<byte[]> drain(String topic, String channel) {
        return drain(topic, channel, Duration.ofSeconds(5));
    }

    private Topic topic(String name) {
        if (!Names.isValid(name)) {
            throw new IllegalArgumentException("invalid topic name " + name);
        }
        try {
            return broker.topic(name);
        } catch (BrokerException e) {
            throw new IllegalStateException("cannot open topic " + name + ": " + e.getMessage(), e);
        }
    }

    private Channel channel(String topic, String channel) {
        if (!Names.isValid(channel)) {
            throw new IllegalArgumentException("invalid channel name " + channel);
        }
        try {
            Channel created = topic(topic).channel(channel);
            broker.metadataWritten().join();
            return created;
        } catch (BrokerException e) {
            throw new IllegalStateException("cannot open channel " + topic + "/" + channel + ": " + e.getMessage(), e);
        }
    }
}
