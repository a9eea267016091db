package io.jnsq.broker;

import io.jnsq.broker.queue.BackendQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A named stream of messages. Each published message is copied to every channel; while the topic has
 * no channel or is paused, messages wait in the topic (memory, then backend) and reach the channels
 * once one exists or the topic is unpaused.
 *
 * <p>Fan-out runs on the publisher's thread under this topic's monitor, which keeps every publisher's
 * messages in order on every channel without a pump thread per topic.
 */
public final class Topic {

    private static final Logger log = LoggerFactory.getLogger(Topic.class);

    private final Broker broker;
    private final String name;
    private final boolean ephemeral;
    private final int memoryCapacity;
    private final MemoryQueue memory = new MemoryQueue();
    private final BackendQueue backend;
    private final MessageIdGenerator ids;

    private final Map<String, Channel> channels = new LinkedHashMap<>();
    private volatile Channel[] channelSnapshot = new Channel[0];
    /** A held message the drain could not hand to every channel; retried first. */
    private Message stalled;
    /** The backend record of {@link #stalled}, acknowledged once every channel took it. */
    private long stalledToken = Message.NO_TOKEN;
    private boolean paused;
    private volatile boolean exiting;
    private volatile long messageCount;
    private volatile long messageBytes;

    Topic(String name, Broker broker, BackendQueue backend) {
        this.name = name;
        this.broker = broker;
        this.ephemeral = Names.isEphemeral(name);
        this.backend = backend;
        this.ids = new MessageIdGenerator(broker.options().nodeId());
        this.memoryCapacity = (int) Math.min(Integer.MAX_VALUE, broker.options().memQueueSize());
    }

    public String name() {
        return name;
    }

    public boolean ephemeral() {
        return ephemeral;
    }

    /** A new message for this topic, stamped with a fresh id and the current time. */
    public Message newMessage(byte[] body) {
        long now = ids.clockNanos();
        return new Message(ids.next(now), body, now);
    }

    /** New messages for a batch (an MPUB): fresh ids, and one clock reading as every message's timestamp. */
    public List<Message> newMessages(List<byte[]> bodies) {
        long now = ids.clockNanos();
        long[] batchIds = new long[bodies.size()];
        ids.next(now, batchIds);
        List<Message> messages = new ArrayList<>(batchIds.length);
        for (int i = 0; i < batchIds.length; i++) {
            messages.add(new Message(batchIds[i], bodies.get(i), now));
        }
        return messages;
    }

    // ---- publishing ----------------------------------------------------------------------------

    /** @throws BrokerException {@code exiting}, or the backend's error when it cannot store the message */
    public synchronized void put(Message message) throws BrokerException {
        if (exiting) {
            throw new BrokerException("exiting");
        }
        routeLocked(message);
        messageCount++;
        messageBytes += message.body().length;
    }

    /**
     * Publishes a batch in order (an MPUB), written to each backend in one go. On a storage error the
     * messages before the failing one may stay published, as in nsqd, and every channel that can take
     * the batch still does (see {@link #put}).
     */
    public synchronized void putAll(List<Message> messages) throws BrokerException {
        if (exiting) {
            throw new BrokerException("exiting");
        }
        Channel[] targets = channelSnapshot;
        if (targets.length == 0 || paused) {
            holdAllLocked(messages);
        } else {
            retryDrainLocked();
            BrokerException failure = null;
            for (int i = 0; i < targets.length; i++) {
                List<Message> copies = i == targets.length - 1 ? messages
                        : messages.stream().map(Message::copyForChannel).toList();
                try {
                    targets[i].putAll(copies);
                } catch (BrokerException e) {
                    failure = failure == null ? e : failure;
                }
            }
            if (failure != null) {
                throw failure;
            }
        }
        for (Message message : messages) {
            messageCount++;
            messageBytes += message.body().length;
        }
    }

    private void holdAllLocked(List<Message> messages) throws BrokerException {
        List<byte[]> overflow = new ArrayList<>();
        for (Message message : messages) {
            if (memory.size() < memoryCapacity) {
                memory.addLast(message);
            } else {
                overflow.add(MessageCodec.encode(message));
            }
        }
        if (!overflow.isEmpty()) {
            storeLocked(overflow);
        }
    }

    private void routeLocked(Message message) throws BrokerException {
        Channel[] targets = channelSnapshot;
        if (targets.length == 0 || paused) {
            holdLocked(message);
            return;
        }
        retryDrainLocked();
        fanOutLocked(message, targets);
    }

    /**
     * Gives the message to every channel. A channel that cannot take it (its backend failed: the broker
     * has logged it and turned health NOK) does not stop the others; the first failure is thrown once all
     * were tried, so the publisher is refused rather than told a channel holds what it does not. The
     * channels that took it keep it: a publisher that retries gives them a duplicate (at least once).
     */
    private void fanOutLocked(Message message, Channel[] targets) throws BrokerException {
        BrokerException failure = null;
        for (int i = 0; i < targets.length; i++) {
            Channel channel = targets[i];
            try {
                channel.put(i == targets.length - 1 ? message : message.copyForChannel());
            } catch (BrokerException e) {
                failure = failure == null ? e : failure;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private void holdLocked(Message message) throws BrokerException {
        if (memory.size() < memoryCapacity) {
            memory.addLast(message);
            return;
        }
        storeLocked(List.of(MessageCodec.encode(message)));
    }

    private void storeLocked(List<byte[]> records) throws BrokerException {
        broker.store(backend, records, "TOPIC(" + name + ")");
    }

    /**
     * Moves everything the topic holds to its channels, once it has some and is not paused. When a
     * channel cannot take a message the drain stops and that message waits, still the topic's (its
     * backend record unacknowledged), to be offered again to every channel by the next publish, channel
     * creation or unpause: channels that took it already get it twice, none misses it.
     */
    private void drainLocked() {
        Channel[] targets = channelSnapshot;
        if (targets.length == 0 || paused) {
            return;
        }
        try {
            if (stalled != null) {
                fanOutLocked(stalled, targets);
                acknowledgeStalledLocked();
            }
            while ((stalled = memory.pollFirst()) != null) {
                fanOutLocked(stalled, targets);
                stalled = null;
            }
            while (backend.depth() > 0) {
                BackendQueue.Taken taken = backend.take();
                if (taken == null) {
                    break;
                }
                Message message = MessageCodec.decode(taken.record());
                if (message == null) {
                    backend.acknowledge(taken.token());
                    continue;
                }
                stalled = message;
                stalledToken = taken.token();
                fanOutLocked(message, targets);
                // only once the channels hold it: a crash before this point reads it again
                acknowledgeStalledLocked();
            }
        } catch (BrokerException e) {
            log.warn("TOPIC({}): a channel cannot take held messages ({}), {} wait in the topic - {}",
                    name, stalled == null ? "?" : stalled.id(), depth(), e.getMessage());
        }
    }

    /** Retries a drain that a failing channel stopped, before anything newer reaches the channels. */
    private void retryDrainLocked() {
        if (stalled != null || !memory.isEmpty() || backend.depth() > 0) {
            drainLocked();
        }
    }

    private void acknowledgeStalledLocked() {
        if (stalledToken != Message.NO_TOKEN) {
            backend.acknowledge(stalledToken);
        }
        stalled = null;
        stalledToken = Message.NO_TOKEN;
    }

    // ---- channels ------------------------------------------------------------------------------

    /** The channel of this name, created (and announced) if it does not exist yet. */
    public Channel channel(String channelName) throws BrokerException {
        Channel created;
        synchronized (this) {
            if (exiting) {
                throw new BrokerException("exiting");
            }
            Channel existing = channels.get(channelName);
            if (existing != null) {
                return existing;
            }
            created = new Channel(this, channelName, broker, broker.backendFor(name + ":" + channelName, Names.isEphemeral(channelName)));
            channels.put(channelName, created);
            channelSnapshot = channels.values().toArray(Channel[]::new);
            log.info("TOPIC({}): new channel({})", name, channelName);
            drainLocked();
        }
        broker.listener().channelCreated(this, created);
        broker.topologyChanged(created.ephemeral());
        return created;
    }

    public synchronized Optional<Channel> findChannel(String channelName) {
        return Optional.ofNullable(channels.get(channelName));
    }

    /** Channels sorted by name. */
    public List<Channel> channels() {
        Channel[] snapshot = channelSnapshot;
        return java.util.Arrays.stream(snapshot).sorted(java.util.Comparator.comparing(Channel::name)).toList();
    }

    Channel[] channelSnapshot() {
        return channelSnapshot;
    }

    /** @throws BrokerException {@code channel not found} */
    public void deleteChannel(String channelName) throws BrokerException {
        Channel removed;
        boolean lastOfEphemeral;
        synchronized (this) {
            removed = channels.remove(channelName);
            if (removed == null) {
                throw new BrokerException("channel not found");
            }
            channelSnapshot = channels.values().toArray(Channel[]::new);
            lastOfEphemeral = ephemeral && channels.isEmpty();
        }
        log.info("TOPIC({}): deleting channel {}", name, channelName);
        removed.delete();
        broker.listener().channelDeleted(this, removed);
        broker.topologyChanged(removed.ephemeral());
        if (lastOfEphemeral) {
            broker.deleteTopicIfUnused(this);
        }
    }

    /** An ephemeral channel lost its last consumer: delete it unless someone joined meanwhile. */
    void deleteChannelIfUnused(Channel channel) {
        synchronized (this) {
            if (channels.get(channel.name()) != channel || channel.hasConsumers()) {
                return;
            }
        }
        try {
            deleteChannel(channel.name());
        } catch (BrokerException alreadyGone) {
            // deleted concurrently: nothing left to do
        }
    }

    synchronized boolean hasChannels() {
        return !channels.isEmpty();
    }

    // ---- administration ------------------------------------------------------------------------

    /** Stops fan-out (messages wait in the topic) and records it in {@code nsqd.dat} before returning. */
    public void pause() {
        synchronized (this) {
            paused = true;
        }
        broker.persistMetadata();
    }

    public void unpause() {
        synchronized (this) {
            paused = false;
            drainLocked();
        }
        broker.persistMetadata();
    }

    public synchronized boolean paused() {
        return paused;
    }

    /** Discards what the topic itself holds; its channels keep theirs. */
    public synchronized void empty() throws BrokerException {
        memory.clear();
        stalled = null;
        stalledToken = Message.NO_TOKEN;
        try {
            backend.empty();
        } catch (IOException e) {
            throw new BrokerException(e.getMessage(), e);
        }
    }

    boolean exiting() {
        return exiting;
    }

    /** Deletes every channel (closing their consumers) and the topic's own data. Called by the broker. */
    void delete() {
        List<Channel> removed;
        synchronized (this) {
            exiting = true;
            removed = List.copyOf(channels.values());
            channels.clear();
            channelSnapshot = new Channel[0];
            memory.clear();
            stalled = null;
        }
        for (Channel channel : removed) {
            channel.delete();
            broker.listener().channelDeleted(this, channel);
        }
        try {
            backend.delete();
        } catch (IOException e) {
            log.error("TOPIC({}): failed to delete backend - {}", name, e.getMessage());
        }
    }

    /** Graceful shutdown: channels flush and close, then the topic writes what it holds to its backend. */
    void close() {
        List<Channel> closing;
        synchronized (this) {
            exiting = true;
            closing = List.copyOf(channels.values());
        }
        closing.forEach(Channel::close);
        synchronized (this) {
            if (!ephemeral) {
                ShutdownFlush flush = new ShutdownFlush(backend, "TOPIC(" + name + ")", message -> { });
                if (stalled != null && stalledToken == Message.NO_TOKEN) {
                    flush.add(stalled); // from memory; one from the backend stays there, unacknowledged
                }
                for (Message message; (message = memory.pollFirst()) != null; ) {
                    flush.add(message);
                }
                flush.finish();
            }
            try {
                backend.close();
            } catch (IOException e) {
                log.error("TOPIC({}): failed to close backend - {}", name, e.getMessage());
            }
        }
    }

    // ---- stats ---------------------------------------------------------------------------------

    public synchronized long depth() {
        return memory.size() + backend.depth() + (stalled == null ? 0 : 1);
    }

    public long backendDepth() {
        return backend.depth();
    }

    public long messageCount() {
        return messageCount;
    }

    public long messageBytes() {
        return messageBytes;
    }

    /** The latency of all this topic's channels taken together. */
    public E2eLatency e2eProcessingLatency() {
        List<Double> quantiles = broker.options().e2eProcessingLatencyPercentiles();
        if (quantiles.isEmpty()) {
            return E2eLatency.DISABLED;
        }
        List<E2eLatencyRecorder> recorders = java.util.Arrays.stream(channelSnapshot)
                .map(Channel::latencyRecorder).filter(java.util.Objects::nonNull).toList();
        return E2eLatencyRecorder.merge(quantiles, recorders);
    }

    @Override
    public String toString() {
        return "Topic(" + name + ")";
    }
}
