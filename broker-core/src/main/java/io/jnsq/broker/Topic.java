package io.jnsq.broker;

import io.jnsq.broker.deferral.DeferredStore;
import io.jnsq.broker.queue.BackendQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A named stream of messages. Each published message is copied to every channel; while the topic has
 * no channel or is paused, messages wait in the topic (memory, then backend) and reach the channels
 * once one exists or the topic is unpaused. A topic created while nsqlookupd is asked for its channels
 * elsewhere in the cluster holds its messages the same way until {@link #startDelivery()}.
 *
 * <p>Fan-out runs on the publisher's thread under this topic's monitor, which keeps every publisher's
 * messages in order on every channel without a pump thread per topic. What the topic held before it
 * had a channel (its backlog) never moves on the caller's thread: the first channel takes over the
 * memory queue whole, in O(1), and the rest moves in bounded batches on a broker worker, new messages
 * queueing behind it meanwhile. Depths stay right throughout: a message is the topic's until a
 * channel holds it.
 */
public final class Topic {

    private static final Logger log = LoggerFactory.getLogger(Topic.class);
    /** Messages moved per turn of the background drain, between which publishers get the monitor. */
    private static final int DRAIN_BATCH = 1024;
    /** How long a message no channel could take waits before it is offered again (unless a publish comes first). */
    private static final long DRAIN_RETRY_MILLIS = 1000;

    private final Broker broker;
    private final String name;
    private final boolean ephemeral;
    private final int memoryCapacity;
    private final MemoryQueue memory = new MemoryQueue();
    private final SharedBodies sharedBodies = new SharedBodies();
    private final BackendQueue backend;
    /** How log lines and failure reports name it, as nsqd does. */
    private final String logName;
    private final MessageIdGenerator ids;

    private final Map<String, Channel> channels = new LinkedHashMap<>();
    private volatile Channel[] channelSnapshot = new Channel[0];
    /** Held messages a channel could not take while draining: offered to every channel again, first. */
    private final ArrayDeque<Held> retry = new ArrayDeque<>();
    /** Deferred messages among those in memory: they must pass through a channel's deferral, one by one. */
    private int deferredInMemory;
    /**
     * With durable deferral, deferred publishes the topic holds (no channel yet, paused, backlog) wait on
     * disk until due, then are published as any message; null: they wait in memory, as in nsqd.
     */
    private final DeferredStore durableDeferred;
    private boolean drainScheduled;
    private boolean paused;
    /** Created at runtime with lookupd peers: no delivery until the cluster's channels for it exist here. */
    private boolean awaitingChannels;
    private volatile boolean exiting;
    /** Counted once stored, as nsqd counts a publish that succeeded; a disk write completes on another thread. */
    private final AtomicLong messageCount = new AtomicLong();
    private final AtomicLong messageBytes = new AtomicLong();

    Topic(String name, Broker broker, BackendQueue backend) {
        this(name, broker, backend, false);
    }

    /** @param awaitingChannels hold messages until {@link #startDelivery()} */
    Topic(String name, Broker broker, BackendQueue backend, boolean awaitingChannels) {
        this.name = name;
        this.awaitingChannels = awaitingChannels;
        this.broker = broker;
        this.ephemeral = Names.isEphemeral(name);
        this.backend = backend;
        this.logName = "TOPIC(" + name + ")";
        this.ids = new MessageIdGenerator(broker.config().messages().nodeId());
        this.memoryCapacity = (int) Math.min(Integer.MAX_VALUE, broker.config().queues().memQueueSize());
        backend.whenReadable(() -> broker.workers().execute(this::drainBatch));
        this.durableDeferred = broker.deferredStoreFor(name, ephemeral, this::releaseDeferred);
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

    /**
     * @return completes when every destination holds the message: at once for memory, after the write
     *         (and sync, in durable mode) for a backend; exceptionally with the backend's error
     * @throws BrokerException {@code exiting}, or a channel that refuses outright
     */
    public synchronized CompletableFuture<Void> put(Message message) throws BrokerException {
        if (exiting) {
            throw new BrokerException("exiting");
        }
        CompletableFuture<Void> stored = routeLocked(message);
        countWhenStored(stored, 1, message.body().length);
        return stored;
    }

    /**
     * Publishes a batch in order (an MPUB), written to each backend in one go. On a storage error the
     * messages before the failing one may stay published, as in nsqd, and every channel that can take
     * the batch still does (see {@link #put}).
     */
    public synchronized CompletableFuture<Void> putAll(List<Message> messages) throws BrokerException {
        if (exiting) {
            throw new BrokerException("exiting");
        }
        CompletableFuture<Void> stored;
        Channel[] targets = channelSnapshot;
        if (targets.length == 0 || heldLocked() || hasBacklogLocked()) {
            stored = holdAllLocked(messages);
            scheduleDrainLocked();
        } else {
            stored = fanOutLocked(messages, targets);
        }
        long bytes = 0;
        for (Message message : messages) {
            bytes += message.body().length;
        }
        countWhenStored(stored, messages.size(), bytes);
        return stored;
    }

    private void countWhenStored(CompletableFuture<Void> stored, int count, long bytes) {
        if (Stored.isDone(stored)) {
            messageCount.addAndGet(count);
            messageBytes.addAndGet(bytes);
        } else {
            stored.thenRun(() -> {
                messageCount.addAndGet(count);
                messageBytes.addAndGet(bytes);
            });
        }
    }

    private CompletableFuture<Void> routeLocked(Message message) throws BrokerException {
        Channel[] targets = channelSnapshot;
        if (targets.length == 0 || heldLocked() || hasBacklogLocked()) {
            CompletableFuture<Void> stored = holdLocked(message);
            scheduleDrainLocked();
            return stored;
        }
        return fanOutLocked(message, targets);
    }

    private CompletableFuture<Void> fanOutLocked(Message message, Channel[] targets) throws BrokerException {
        return targets.length == 1 ? targets[0].put(message) : fanOutLocked(List.of(message), targets);
    }

    /**
     * Gives the messages to every channel. A channel that cannot take them (its backend failed: the broker
     * has logged it and turned health NOK) does not stop the others; the publisher is refused rather
     * than told a channel holds what it does not. The channels that took them keep them: a publisher that
     * retries gives them a duplicate (at least once).
     *
     * <p>With several channels the bodies are written once into {@link SharedBodies} and the channels
     * share the messages; all but the last copy one they deliver or defer at once.
     */
    private CompletableFuture<Void> fanOutLocked(List<Message> messages, Channel[] targets) throws BrokerException {
        if (targets.length == 1) {
            return targets[0].putAll(messages);
        }
        if (allMemoryEmpty(targets)) {
            sharedBodies.restartSmall();
        }
        SharedBodies.Slices shared = sharedBodies.copy(messages);
        CompletableFuture<Void> stored = Stored.DONE;
        BrokerException failure = null;
        for (int i = 0; i < targets.length; i++) {
            try {
                stored = Stored.both(stored, targets[i].putAll(messages, shared, i < targets.length - 1));
            } catch (BrokerException e) {
                failure = failure == null ? e : failure;
            }
        }
        if (failure != null) {
            throw failure;
        }
        return stored;
    }

    private static boolean allMemoryEmpty(Channel[] targets) {
        for (Channel target : targets) {
            if (!target.memoryEmptyHint()) {
                return false;
            }
        }
        return true;
    }

    private CompletableFuture<Void> holdLocked(Message message) {
        if (message.deferNanos() > 0 && defersDurably()) {
            return deferDurablyLocked(message);
        }
        if (memory.size() < memoryCapacity) {
            addToMemoryLocked(message);
            return Stored.DONE;
        }
        return storeLocked(List.of(MessageCodec.encode(message)));
    }

    private CompletableFuture<Void> holdAllLocked(List<Message> messages) {
        List<byte[]> overflow = new ArrayList<>();
        CompletableFuture<Void> deferred = Stored.DONE;
        for (Message message : messages) {
            if (message.deferNanos() > 0 && defersDurably()) {
                deferred = Stored.both(deferred, deferDurablyLocked(message));
            } else if (memory.size() < memoryCapacity) {
                addToMemoryLocked(message);
            } else {
                overflow.add(MessageCodec.encode(message));
            }
        }
        return Stored.both(deferred, overflow.isEmpty() ? Stored.DONE : storeLocked(overflow));
    }

    private boolean defersDurably() {
        return durableDeferred != null && broker.config().queues().durableDeferral();
    }

    /** Its delay counts from now: when due it is published as a message without one. */
    private CompletableFuture<Void> deferDurablyLocked(Message message) {
        return broker.storeDeferred(durableDeferred, MessageCodec.encode(message), broker.ticker().nanos() + message.deferNanos(), logName);
    }

    /** The deferred store's sink: due messages are published now, to the channels or held as any other. */
    private synchronized CompletableFuture<Void> releaseDeferred(List<byte[]> records) {
        if (exiting) {
            return CompletableFuture.failedFuture(new BrokerException("exiting"));
        }
        CompletableFuture<Void> stored = Stored.DONE;
        for (byte[] record : records) {
            Message message = MessageCodec.decode(record);
            if (message == null) {
                log.error("{}: skipping a deferred record of {} bytes, too short for a message", logName, record.length);
                continue;
            }
            try {
                stored = Stored.both(stored, routeLocked(message));
            } catch (BrokerException e) {
                return CompletableFuture.failedFuture(e); // all of them are offered again: duplicates, not losses
            }
        }
        return stored;
    }

    /** Publishes the deferred messages now due (with durable deferral). Called every scan. */
    void releaseDueDeferred(long nowNanos) {
        if (durableDeferred != null) {
            durableDeferred.releaseDue(nowNanos);
        }
    }

    private void addToMemoryLocked(Message message) {
        memory.addLast(message);
        if (message.deferNanos() > 0) {
            deferredInMemory++;
        }
    }

    private CompletableFuture<Void> storeLocked(List<byte[]> records) {
        return broker.store(backend, records, logName);
    }

    // ---- moving the backlog to the channels ----------------------------------------------------

    /** Paused, or waiting for the cluster's channels: messages stay in the topic. */
    private boolean heldLocked() {
        return paused || awaitingChannels;
    }

    private boolean hasBacklogLocked() {
        return !memory.isEmpty() || backend.depth() > 0 || !retry.isEmpty();
    }

    private void scheduleDrainLocked() {
        if (!drainScheduled && !heldLocked() && !exiting && channelSnapshot.length > 0 && hasBacklogLocked()) {
            drainScheduled = true;
            broker.workers().execute(this::drainBatch);
        }
    }

    private synchronized void scheduleDrain() {
        scheduleDrainLocked();
    }

    /**
     * Moves up to {@link #DRAIN_BATCH} held messages to every channel, on a broker worker. A backend
     * record is acknowledged only once every channel holds its message (a crash before reads it again);
     * a message some channel could not take goes back to the front, to be offered to every channel again:
     * channels that took it get it twice, none misses it. The next batch starts once this one's writes
     * are done, so a drain never has more than one batch of writes outstanding.
     */
    private void drainBatch() {
        List<CompletableFuture<Void>> writes = new ArrayList<>();
        boolean more = false;
        Exception refusal = null;
        synchronized (this) {
            drainScheduled = false;
            Channel[] targets = channelSnapshot;
            if (exiting || heldLocked() || targets.length == 0) {
                return;
            }
            for (int moved = 0; moved < DRAIN_BATCH; moved++) {
                Held next = nextHeldLocked();
                if (next == null) {
                    break; // empty, or the backend is reading ahead and will call back
                }
                CompletableFuture<Void> stored;
                try {
                    stored = fanOutLocked(next.message, targets);
                } catch (BrokerException e) {
                    stored = CompletableFuture.failedFuture(e);
                }
                if (Stored.isDone(stored)) {
                    acknowledgeHeld(next);
                } else if (stored.isDone()) {
                    // refused at once: the channel's disk is failing; the message waits, first in line
                    retry.addFirst(next);
                    refusal = Stored.cause(stored.handle((ignored, failure) -> failure).join());
                    break;
                } else {
                    writes.add(stored.handle((ignored, failure) -> {
                        afterDrained(next, failure);
                        return null;
                    }));
                }
                more = moved == DRAIN_BATCH - 1;
            }
            if (more && writes.isEmpty()) {
                scheduleDrainLocked();
                return;
            }
        }
        if (refusal != null) {
            log.warn("TOPIC({}): a channel cannot take held messages ({}), {} wait in the topic", name,
                    refusal.getMessage(), depth());
            retryDrainLater();
        } else if (more) {
            CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).whenComplete((ignored, failure) -> scheduleDrain());
        }
    }

    private void retryDrainLater() {
        broker.timers().schedule(() -> broker.workers().execute(this::scheduleDrain), DRAIN_RETRY_MILLIS, TimeUnit.MILLISECONDS);
    }

    private Held nextHeldLocked() {
        Held held = retry.pollFirst();
        if (held != null) {
            return held;
        }
        Message message = memory.pollFirst();
        if (message != null) {
            if (message.deferNanos() > 0) {
                deferredInMemory--;
            }
            return new Held(message, Message.NO_TOKEN);
        }
        Message stored = MessageCodec.takeFrom(backend, logName);
        if (stored == null) {
            return null;
        }
        long token = stored.backendToken;
        stored.backendToken = Message.NO_TOKEN; // the topic's record, never to be acknowledged by a channel
        return new Held(stored, token);
    }

    private void afterDrained(Held held, Throwable failure) {
        if (failure == null) {
            acknowledgeHeld(held);
            return;
        }
        synchronized (this) {
            if (exiting) {
                return; // a backend record stays unacknowledged and is read again after a restart
            }
            retry.addLast(held);
        }
        // the channel's store has logged the disk failure (rate-limited); one line per message would flood
        log.debug("TOPIC({}): a channel cannot take held message {} ({})", name, held.message.id(),
                Stored.cause(failure).getMessage());
        retryDrainLater();
    }

    private void acknowledgeHeld(Held held) {
        if (held.token != Message.NO_TOKEN) {
            backend.acknowledge(held.token);
        }
    }

    /** A message the topic holds outside its memory queue, with its backend record if it came from there. */
    private record Held(Message message, long token) {
    }

    // ---- channels ------------------------------------------------------------------------------

    /**
     * The channel of this name, created (and announced) if it does not exist yet. A reply that confirms
     * it waits for {@link Broker#metadataWritten()}.
     */
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
            if (channels.size() == 1 && !heldLocked() && retry.isEmpty() && deferredInMemory == 0 && !memory.isEmpty()) {
                created.adoptBacklog(memory);
            }
            scheduleDrainLocked();
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

    /**
     * @return completes once its files are gone and {@code nsqd.dat} no longer lists it
     * @throws BrokerException {@code channel not found}
     */
    public CompletableFuture<Void> deleteChannel(String channelName) throws BrokerException {
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
        CompletableFuture<Void> deleted = removed.delete();
        broker.listener().channelDeleted(this, removed);
        CompletableFuture<Void> recorded = broker.topologyChanged(removed.ephemeral());
        if (lastOfEphemeral) {
            broker.deleteTopicIfUnused(this);
        }
        return CompletableFuture.allOf(deleted, recorded);
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

    /**
     * Stops fan-out (messages wait in the topic) and records it in {@code nsqd.dat}.
     *
     * @return completes once {@code nsqd.dat} says so
     */
    public CompletableFuture<Void> pause() {
        synchronized (this) {
            paused = true;
        }
        return broker.persistMetadata();
    }

    public CompletableFuture<Void> unpause() {
        synchronized (this) {
            paused = false;
            scheduleDrainLocked();
        }
        return broker.persistMetadata();
    }

    public synchronized boolean paused() {
        return paused;
    }

    /**
     * Ends the hold of a topic created with {@code awaitingChannels}: what it holds drains into the channels
     * it has now, as after an unpause. Does nothing the second time.
     */
    synchronized void startDelivery() {
        if (awaitingChannels) {
            awaitingChannels = false;
            scheduleDrainLocked();
        }
    }

    /** Discards what the topic itself holds; its channels keep theirs. */
    public CompletableFuture<Void> empty() {
        CompletableFuture<Void> emptied;
        synchronized (this) {
            memory.clear();
            retry.clear();
            deferredInMemory = 0;
            emptied = backend.empty();
            if (durableDeferred != null) {
                emptied = Stored.both(emptied, durableDeferred.empty());
            }
        }
        return emptied.exceptionallyCompose(failure ->
                CompletableFuture.failedFuture(new BrokerException(Stored.cause(failure).getMessage(), failure)));
    }

    boolean exiting() {
        return exiting;
    }

    /**
     * Deletes every channel (closing their consumers) and the topic's own data. Called by the broker.
     *
     * @return completes once their files are gone
     */
    CompletableFuture<Void> delete() {
        List<Channel> removed;
        synchronized (this) {
            exiting = true;
            removed = List.copyOf(channels.values());
            channels.clear();
            channelSnapshot = new Channel[0];
            memory.clear();
            retry.clear();
            deferredInMemory = 0;
        }
        List<CompletableFuture<Void>> deletions = new ArrayList<>();
        for (Channel channel : removed) {
            deletions.add(channel.delete());
            broker.listener().channelDeleted(this, channel);
        }
        deletions.add(backend.delete().whenComplete((ignored, failure) -> {
            if (failure != null) {
                log.error("TOPIC({}): failed to delete backend - {}", name, Stored.cause(failure).getMessage());
            }
        }));
        if (durableDeferred != null) {
            deletions.add(durableDeferred.delete());
        }
        return CompletableFuture.allOf(deletions.toArray(CompletableFuture[]::new));
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
                ShutdownFlush flush = new ShutdownFlush(backend, logName, message -> { });
                for (Held held : retry) {
                    if (held.token == Message.NO_TOKEN) {
                        flush.add(held.message); // from memory; one from the backend stays there, unacknowledged
                    }
                }
                retry.clear();
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
        if (durableDeferred != null) {
            try {
                durableDeferred.close(); // outside the monitor: its hand-offs take it
            } catch (IOException e) {
                log.error("TOPIC({}): failed to close its deferred messages - {}", name, e.getMessage());
            }
        }
    }

    // ---- stats ---------------------------------------------------------------------------------

    /** Messages the topic holds, deferred ones included (as nsqd counts those in its memory queue). */
    public synchronized long depth() {
        return memory.size() + backend.depth() + retry.size() + (durableDeferred == null ? 0 : durableDeferred.size());
    }

    /** Completes once its backend and its channels' have read back what they held. */
    CompletableFuture<Void> opened() {
        List<CompletableFuture<Void>> opened = new ArrayList<>();
        opened.add(backend.opened());
        if (durableDeferred != null) {
            opened.add(durableDeferred.opened());
        }
        for (Channel channel : channelSnapshot) {
            opened.add(channel.opened());
        }
        return CompletableFuture.allOf(opened.toArray(CompletableFuture[]::new));
    }

    public long backendDepth() {
        return backend.depth();
    }

    public long messageCount() {
        return messageCount.get();
    }

    public long messageBytes() {
        return messageBytes.get();
    }

    /** The latency of all this topic's channels taken together. */
    public E2eLatency e2eProcessingLatency() {
        List<Double> quantiles = broker.config().messages().e2eProcessingLatencyPercentiles();
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
