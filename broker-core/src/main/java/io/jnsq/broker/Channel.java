package io.jnsq.broker;

import io.jnsq.broker.config.MessageConfig;
import io.jnsq.broker.deferral.DeferredStore;
import io.jnsq.broker.queue.BackendQueue;
import io.jnsq.protocol.message.MessageId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A topic's subscription: every message published to the topic reaches each channel once, and the
 * channel hands it to one of its consumers. Messages wait in memory (up to {@code --mem-queue-size})
 * then in the backend; delivered ones stay in flight until FIN, REQ or their timeout; REQ with a delay
 * and deferred publishes wait in a time-ordered queue.
 *
 * <p>All state is guarded by this object's monitor. Lock order: topic before channel; a channel never
 * calls into its topic while holding its own lock. Nothing here waits for a disk: what goes to the
 * backend returns a future, and what the backend reads ahead is delivered from a worker thread.
 */
public final class Channel {

    private static final Logger log = LoggerFactory.getLogger(Channel.class);
    /** How long a message the backend refused to take back waits before the next try. */
    private static final long STORE_RETRY_NANOS = 1_000_000_000L;

    private final Topic topic;
    private final String name;
    private final boolean ephemeral;
    private final int memoryCapacity;
    private final MemoryQueue memory = new MemoryQueue();
    private final BackendQueue backend;
    /** How log lines and failure reports name it, as nsqd does. */
    private final String logName;
    private final Broker broker;
    private final E2eLatencyRecorder latency;

    private final List<Consumer> consumers = new ArrayList<>();
    private int nextConsumer;
    private final MessagesById inFlightById = new MessagesById();
    private final InFlightQueue inFlight = new InFlightQueue();
    private final MessagesById deferredById = new MessagesById();
    private final DeadlineQueue deferred = new DeadlineQueue();
    /**
     * Deferred messages on disk ({@code --durable-deferral}, or files such a run left); null: deferred
     * messages wait in {@link #deferred}, as in nsqd. That queue still takes the retries of a failing disk.
     */
    private final DeferredStore durableDeferred;
    /** Set through {@code /channel/deadletter}; null: the process-wide default applies. */
    private volatile DeadLetterPolicy deadLetterSetting;
    /** Messages on their way to the dead-letter topic: out of flight, not yet stored there. */
    private final Set<Message> deadLettering = Collections.newSetFromMap(new IdentityHashMap<>());

    private boolean paused;
    private boolean exiting;
    private volatile boolean backlogged;
    private volatile long messageCount;
    /** Deliveries from memory: nsqd (master) counts those, not the disk's, as global without topology. */
    private volatile long globalMsgCount;
    private volatile long requeueCount;
    private volatile long timeoutCount;
    private volatile long deadLetterCount;

    Channel(Topic topic, String name, Broker broker, BackendQueue backend) {
        this.topic = topic;
        this.name = name;
        this.broker = broker;
        this.ephemeral = Names.isEphemeral(name);
        this.backend = backend;
        this.logName = "CHANNEL(" + topic.name() + ":" + name + ")";
        this.memoryCapacity = (int) Math.min(Integer.MAX_VALUE, broker.config().queues().memQueueSize());
        MessageConfig messages = broker.config().messages();
        this.latency = messages.e2eProcessingLatencyPercentiles().isEmpty() ? null
                : new E2eLatencyRecorder(messages.e2eProcessingLatencyPercentiles(),
                        messages.e2eProcessingLatencyWindowTime().toNanos());
        backend.whenReadable(() -> broker.workers().execute(this::consumerReady));
        this.durableDeferred = broker.deferredStoreFor(topic.name() + ":" + name, ephemeral, this::releaseDeferred);
    }

    public String name() {
        return name;
    }

    public Topic topic() {
        return topic;
    }

    public boolean ephemeral() {
        return ephemeral;
    }

    // ---- publishing ----------------------------------------------------------------------------

    /**
     * Takes one message from the topic: deferred ones wait their delay, the rest queue for delivery.
     *
     * @return completes when the message is stored: at once in memory, after the write for the backend
     */
    synchronized CompletableFuture<Void> put(Message message) throws BrokerException {
        if (exiting) {
            throw new BrokerException("exiting");
        }
        if (message.deferNanos() > 0) {
            messageCount++;
            return deferPublishedLocked(message, broker.ticker().nanos());
        }
        CompletableFuture<Void> stored = enqueueLocked(message);
        messageCount++;
        dispatchLocked();
        return stored;
    }

    /** Takes a batch from the topic (an MPUB): what memory cannot hold goes to the backend in one write. */
    synchronized CompletableFuture<Void> putAll(List<Message> messages) throws BrokerException {
        return putAll(messages, null, false);
    }

    /**
     * Takes a batch the topic gives to several channels. The messages and their bodies are shared: what
     * waits in memory points into {@code shared}, the topic's copy of the bodies; what is delivered or
     * deferred at once, which needs per-channel state, is a copy of the message when {@code copyOnTake}.
     */
    synchronized CompletableFuture<Void> putAll(List<Message> messages, SharedBodies.Slices shared, boolean copyOnTake)
            throws BrokerException {
        if (exiting) {
            throw new BrokerException("exiting");
        }
        messageCount += messages.size();
        List<byte[]> overflow = new ArrayList<>();
        CompletableFuture<Void> deferredStored = Stored.DONE;
        long now = broker.ticker().nanos();
        for (int i = 0; i < messages.size(); i++) {
            Message message = messages.get(i);
            if (message.deferNanos() > 0) {
                Message own = copyOnTake ? message.copyForChannel() : message;
                deferredStored = Stored.both(deferredStored, deferPublishedLocked(own, now));
            } else if (mayHandOffLocked() && handOffLocked(copyOnTake ? message.copyForChannel() : message)) {
                continue;
            } else if (memory.size() < memoryCapacity) {
                if (shared != null) {
                    memory.addLastShared(message, shared.chunk(i), shared.offset(i));
                } else {
                    memory.addLast(message);
                }
            } else {
                overflow.add(MessageCodec.encode(message));
            }
        }
        CompletableFuture<Void> stored = overflow.isEmpty() ? Stored.DONE : storeLocked(overflow);
        dispatchLocked();
        return Stored.both(stored, deferredStored);
    }

    /** Takes over a topic's whole memory queue at once: the first channel of a topic with a backlog. */
    synchronized void adoptBacklog(MemoryQueue held) {
        memory.takeAllFrom(held);
        messageCount += memory.size();
        dispatchLocked();
    }

    /**
     * Whether nothing waits in this channel's memory, read without its lock: a hint for the topic's
     * {@link SharedBodies}, for which a stale answer only delays or hastens a restart with a small array.
     */
    boolean memoryEmptyHint() {
        return memory.isEmpty();
    }

    private CompletableFuture<Void> storeLocked(List<byte[]> records) {
        return broker.store(backend, records, logName);
    }

    private CompletableFuture<Void> enqueueLocked(Message message) {
        if (mayHandOffLocked() && handOffLocked(message)) {
            return Stored.DONE;
        }
        if (memory.size() < memoryCapacity) {
            memory.addLast(message);
            return Stored.DONE;
        }
        return storeLocked(List.of(MessageCodec.encode(message)));
    }

    /**
     * Whether a message may skip the queue and go straight to a ready consumer: only when nothing waits
     * ahead of it, and only where it would otherwise wait in memory (or, in an ephemeral channel, be
     * dropped). Where it would go to disk it must, so that a crash before FIN cannot lose it.
     */
    private boolean mayHandOffLocked() {
        return (memory.size() < memoryCapacity || ephemeral) && memory.isEmpty() && backend.depth() == 0;
    }

    /**
     * A deferred publish: on disk with durable deferral (the publish is answered once it is written), else in memory.
     *
     * @param now the broker's ticker time, which deferrals in memory and on disk are measured with
     */
    private CompletableFuture<Void> deferPublishedLocked(Message message, long now) {
        if (defersDurably()) {
            return broker.storeDeferred(durableDeferred, MessageCodec.encode(message), now + message.deferNanos(), logName);
        }
        deferLocked(message, now + message.deferNanos());
        return Stored.DONE;
    }

    /** New deferrals go to disk only with {@code --durable-deferral}; without it a store only delivers what it holds. */
    private boolean defersDurably() {
        return durableDeferred != null && broker.config().queues().durableDeferral();
    }

    /**
     * A REQ with a delay, with durable deferral: the message goes to the deferred store, and its old
     * backend record is acknowledged only once it is written there. Should the store refuse it, it waits
     * in memory instead, its old record kept.
     */
    private void deferDurablyLocked(Message message, long dueNanos) {
        long oldToken = message.backendToken;
        message.backendToken = Message.NO_TOKEN;
        broker.storeDeferred(durableDeferred, MessageCodec.encode(message), dueNanos, logName)
                .whenComplete((ignored, failure) -> {
                    if (failure == null) {
                        acknowledgeToken(oldToken);
                    } else {
                        broker.workers().execute(() -> deferInMemory(message, oldToken, dueNanos));
                    }
                });
    }

    private synchronized void deferInMemory(Message message, long oldToken, long dueNanos) {
        if (exiting) {
            return; // its old backend record, if any, is still unacknowledged: read again at the next start
        }
        message.backendToken = oldToken;
        deferLocked(message, dueNanos);
    }

    /**
     * The deferred store's sink: due messages join the queue (a ready consumer, memory, or the backend in
     * one write). The store forgets them once the returned future completes.
     */
    private synchronized CompletableFuture<Void> releaseDeferred(List<byte[]> records) {
        if (exiting) {
            return CompletableFuture.failedFuture(new BrokerException("exiting"));
        }
        List<byte[]> overflow = new ArrayList<>();
        for (byte[] record : records) {
            Message message = MessageCodec.decode(record);
            if (message == null) {
                log.error("{}: skipping a deferred record of {} bytes, too short for a message", logName, record.length);
            } else if (mayHandOffLocked() && handOffLocked(message)) {
                continue;
            } else if (memory.size() < memoryCapacity) {
                memory.addLast(message);
            } else {
                overflow.add(record);
            }
        }
        CompletableFuture<Void> stored = overflow.isEmpty() ? Stored.DONE : storeLocked(overflow);
        dispatchLocked();
        return stored;
    }

    private void deferLocked(Message message, long dueNanos) {
        Message previous = deferredById.putIfAbsent(message.id(), message);
        if (previous != null) {
            log.warn("CHANNEL({}:{}): message {} already deferred, dropping the copy", topic.name(), name, message.id());
            return;
        }
        message.owner = null;
        deferred.add(message, dueNanos);
    }

    // ---- consumers -----------------------------------------------------------------------------

    /** @throws BrokerException {@code exiting}, or the {@code --max-channel-consumers} limit */
    public synchronized void addConsumer(Consumer consumer) throws BrokerException {
        if (exiting) {
            throw new BrokerException("exiting");
        }
        int limit = broker.config().clients().maxChannelConsumers();
        if (limit > 0 && consumers.size() >= limit) {
            throw new BrokerException("consumers for " + topic.name() + ":" + name + " exceeds limit of " + limit);
        }
        if (!consumers.contains(consumer)) {
            consumers.add(consumer);
        }
    }

    /**
     * The consumer left. Its in-flight messages stay in flight until they time out (as in nsqd). An
     * ephemeral channel goes away with its last consumer.
     */
    public void removeConsumer(Consumer consumer) {
        boolean lastOfEphemeral;
        synchronized (this) {
            consumers.remove(consumer);
            lastOfEphemeral = ephemeral && consumers.isEmpty() && !exiting;
        }
        if (lastOfEphemeral) {
            topic.deleteChannelIfUnused(this);
        }
    }

    /** The consumer may take more (RDY raised, buffer drained): deliver what is waiting. */
    public synchronized void consumerReady() {
        dispatchLocked();
    }

    public synchronized int consumerCount() {
        return consumers.size();
    }

    public synchronized List<Consumer> consumers() {
        return List.copyOf(consumers);
    }

    synchronized boolean hasConsumers() {
        return !consumers.isEmpty();
    }

    // ---- delivery ------------------------------------------------------------------------------

    private void dispatchLocked() {
        dispatchLocked(null);
    }

    /**
     * Delivers what waits to ready consumers, {@code puller} first while it may take more: a consumer that
     * just finished or requeued a message takes the next one, as each client of nsqd pulls from its channel
     * as soon as it has room. That delivery is a write on the puller's own event loop, the thread this runs
     * on, where a round-robin pick would mostly hand it to another loop's task queue.
     */
    private void dispatchLocked(Consumer puller) {
        if (paused || exiting || consumers.isEmpty()) {
            return;
        }
        while (!memory.isEmpty() || backend.depth() > 0) {
            Consumer consumer = puller != null && readyLocked(puller) ? puller : nextReadyConsumerLocked();
            if (consumer == null) {
                backlogged = true;
                return;
            }
            Message message = takeNextLocked();
            if (message == null) {
                break;
            }
            sendLocked(message, consumer);
        }
        backlogged = false;
    }

    /**
     * Whether messages were left waiting for consumers after the last delivery round. While nothing
     * waits, a consumer's output buffer will not fill soon, so holding it for the buffer timeout would
     * only add latency.
     */
    public boolean backlogged() {
        return backlogged;
    }

    private boolean handOffLocked(Message message) {
        if (paused || exiting) {
            return false;
        }
        Consumer consumer = nextReadyConsumerLocked();
        if (consumer == null) {
            return false;
        }
        globalMsgCount++;
        sendLocked(message, consumer);
        return true;
    }

    private void sendLocked(Message message, Consumer consumer) {
        int sampleRate = consumer.sampleRate();
        if (sampleRate > 0 && ThreadLocalRandom.current().nextInt(100) > sampleRate) {
            acknowledgeLocked(message); // sampled out: dropped for this channel, as nsqd does
            return;
        }
        message.countAttempt();
        message.owner = consumer;
        long now = broker.ticker().nanos();
        message.deliveredAtNanos = now;
        if (inFlightById.putIfAbsent(message.id(), message) == null) {
            inFlight.add(message, now + consumer.msgTimeoutNanos(), consumer.msgTimeoutNanos());
        }
        ConsumerCounters counters = consumer.counters();
        counters.inFlight++;
        counters.messages++;
        consumer.deliver(message);
    }

    /** Round robin over the consumers that may take one more message right now. */
    private Consumer nextReadyConsumerLocked() {
        int count = consumers.size();
        for (int i = 0; i < count; i++) {
            int index = (nextConsumer + i) % count;
            Consumer candidate = consumers.get(index);
            if (readyLocked(candidate)) {
                nextConsumer = index + 1;
                return candidate;
            }
        }
        return null;
    }

    private static boolean readyLocked(Consumer consumer) {
        return consumer.counters().inFlight < consumer.readyCount() && consumer.writable();
    }

    private Message takeNextLocked() {
        Message message = memory.pollFirst();
        if (message != null) {
            globalMsgCount++;
            return message;
        }
        return MessageCodec.takeFrom(backend, logName);
    }

    /** The message is done with, or stored anew: its old backend record may go. */
    private void acknowledgeLocked(Message message) {
        acknowledgeToken(message.backendToken);
        message.backendToken = Message.NO_TOKEN;
    }

    // ---- FIN, REQ, TOUCH -----------------------------------------------------------------------

    public synchronized void finish(Consumer consumer, long id) throws BrokerException {
        finishLocked(consumer, id);
        dispatchLocked(consumer);
    }

    /**
     * FINs {@code count} ids in one hold of this channel's monitor, then delivers once: a consumer's FINs
     * arrive by the hundred in one read, and two event loops finishing on one channel would otherwise
     * contend for the monitor once per message.
     *
     * @return the ids that were not this consumer's in-flight messages, in order, with nsqd's reason
     */
    public synchronized List<RefusedFinish> finishAll(Consumer consumer, long[] ids, int count) {
        List<RefusedFinish> refused = List.of();
        for (int i = 0; i < count; i++) {
            try {
                finishLocked(consumer, ids[i]);
            } catch (BrokerException e) {
                if (refused.isEmpty()) {
                    refused = new ArrayList<>();
                }
                refused.add(new RefusedFinish(ids[i], e.getMessage()));
            }
        }
        dispatchLocked(consumer);
        return refused;
    }

    /** A FIN of {@link #finishAll} that failed: what nsqd would have answered it. */
    public record RefusedFinish(long id, String reason) {
    }

    private void finishLocked(Consumer consumer, long id) throws BrokerException {
        Message message = takeInFlightLocked(consumer, id);
        acknowledgeLocked(message);
        consumer.counters().finished++;
        if (latency != null) {
            latency.record(MessageIdGenerator.unixNanos() - message.timestamp());
        }
    }

    /** Puts an in-flight message back: at the tail now ({@code delayNanos == 0}) or after a delay. */
    public synchronized void requeue(Consumer consumer, long id, long delayNanos) throws BrokerException {
        if (exiting) {
            throw new BrokerException("exiting");
        }
        Message message = takeInFlightLocked(consumer, id);
        consumer.counters().requeued++;
        requeueCount++;
        if (deadLetterLocked(message)) {
            dispatchLocked(consumer);
            return;
        }
        if (delayNanos > 0 && defersDurably()) {
            deferDurablyLocked(message, broker.ticker().nanos() + delayNanos);
        } else if (delayNanos > 0) {
            deferLocked(message, broker.ticker().nanos() + delayNanos); // its backend record stays until it is due
        } else {
            requeueQuietlyLocked(message, broker.ticker().nanos());
        }
        dispatchLocked(consumer);
    }

    /** Extends a message's timeout by the consumer's msg timeout, never past {@code --max-msg-timeout}. */
    public synchronized void touch(Consumer consumer, long id) throws BrokerException {
        Message message = ownedInFlightLocked(consumer, id);
        long now = broker.ticker().nanos();
        long latest = message.deliveredAtNanos + broker.config().messages().maxMsgTimeout().toNanos();
        long deadline = now + consumer.msgTimeoutNanos();
        inFlight.reschedule(message, deadline - latest > 0 ? latest : deadline, consumer.msgTimeoutNanos());
    }

    private Message takeInFlightLocked(Consumer consumer, long id) throws BrokerException {
        Message message = ownedInFlightLocked(consumer, id);
        inFlightById.remove(id);
        inFlight.remove(message);
        message.owner = null;
        consumer.counters().inFlight--;
        return message;
    }

    private Message ownedInFlightLocked(Consumer consumer, long id) throws BrokerException {
        Message message = inFlightById.get(id);
        if (message == null) {
            throw new BrokerException("ID not in flight");
        }
        if (message.owner != consumer) {
            throw new BrokerException("client does not own message");
        }
        return message;
    }

    // ---- timers --------------------------------------------------------------------------------

    /**
     * Requeues in-flight messages whose timeout passed and releases deferred ones that are due.
     *
     * @return whether anything was due
     */
    synchronized boolean processDue(long nowNanos) {
        if (exiting) {
            return false;
        }
        if (durableDeferred != null) {
            durableDeferred.releaseDue(nowNanos);
        }
        boolean dirty = false;
        for (Message expired; (expired = inFlight.pollExpired(nowNanos)) != null; ) {
            dirty = true;
            inFlightById.remove(expired.id());
            Consumer owner = expired.owner;
            expired.owner = null;
            if (owner != null) {
                owner.counters().inFlight--;
            }
            timeoutCount++;
            if (!deadLetterLocked(expired)) {
                requeueQuietlyLocked(expired, nowNanos);
            }
        }
        for (Message due; (due = deferred.pollExpired(nowNanos)) != null; ) {
            dirty = true;
            deferredById.remove(due.id());
            requeueQuietlyLocked(due, nowNanos);
        }
        if (dirty) {
            dispatchLocked();
        }
        return dirty;
    }

    /**
     * Queues a message again, then lets its old backend record go: stored before forgotten, never after.
     * When the backend refuses it (the broker has logged that, once) the message waits among the
     * deferred ones and is tried again a second later, its old backend record still unacknowledged: a
     * failing disk delays it, never drops it.
     */
    private void requeueQuietlyLocked(Message message, long nowNanos) {
        long oldToken = message.backendToken;
        message.backendToken = Message.NO_TOKEN;
        CompletableFuture<Void> stored = enqueueLocked(message);
        if (Stored.isDone(stored)) {
            acknowledgeToken(oldToken);
            return;
        }
        stored.whenComplete((ignored, failure) -> {
            if (failure == null) {
                acknowledgeToken(oldToken);
            } else {
                broker.workers().execute(() -> retryStoreLater(message, oldToken));
            }
        });
    }

    private synchronized void retryStoreLater(Message message, long oldToken) {
        if (exiting) {
            return;
        }
        message.backendToken = oldToken;
        deferLocked(message, broker.ticker().nanos() + STORE_RETRY_NANOS);
    }

    /** Thread-safe: the backend guards its own acknowledgements. */
    private void acknowledgeToken(long token) {
        if (token != Message.NO_TOKEN) {
            backend.acknowledge(token);
        }
    }

    // ---- dead letters --------------------------------------------------------------------------

    /**
     * Hands a message that has used up its attempts to the dead-letter topic instead of requeueing it.
     * It is acknowledged here (its backend record let go) only once the dead-letter topic holds it.
     *
     * @return whether the message went that way
     */
    private boolean deadLetterLocked(Message message) {
        DeadLetterPolicy policy = deadLetterPolicy();
        if (!policy.exhausted(message.attempts())) {
            return false;
        }
        deadLettering.add(message);
        broker.deadLetters().move(this, message, policy);
        return true;
    }

    /** The dead-letter topic holds the message (or could not take it). Called by {@link DeadLetterMover}. */
    synchronized void deadLetterStored(Message message, DeadLetterPolicy policy, Throwable failure) {
        if (!deadLettering.contains(message)) {
            return; // emptied, deleted, or written to the backend at shutdown meanwhile
        }
        if (failure != null) {
            log.debug("{}: dead-letter topic {} cannot take message {} yet ({}), trying again", logName,
                    policy.topic(), MessageId.toString(message.id()), Stored.cause(failure).getMessage());
            broker.deadLetters().moveLater(this, message, policy);
            return;
        }
        deadLettering.remove(message);
        acknowledgeLocked(message);
        deadLetterCount++;
        log.debug("{}: message {} moved to dead-letter topic {} after {} attempts", logName,
                MessageId.toString(message.id()), policy.topic(), message.attempts());
    }

    /** The message cannot carry its envelope within {@code --max-msg-size}: it stays, requeued as before. */
    synchronized void deadLetterRefused(Message message, DeadLetterPolicy policy, int envelopeBytes) {
        if (!deadLettering.remove(message)) {
            return;
        }
        log.warn("{}: message {} cannot go to dead-letter topic {}: with its envelope it has {} bytes, over"
                        + " --max-msg-size {}; requeued", logName, MessageId.toString(message.id()), policy.topic(),
                envelopeBytes, broker.config().messages().maxMsgSize());
        requeueQuietlyLocked(message, broker.ticker().nanos());
        dispatchLocked();
    }

    /** The setting in force: the channel's own, else the process-wide default (never in a topic that receives dead letters). */
    public DeadLetterPolicy deadLetterPolicy() {
        DeadLetterPolicy setting = deadLetterSetting;
        if (setting != null) {
            return setting;
        }
        return broker.isDeadLetterTopic(topic.name()) ? DeadLetterPolicy.OFF : broker.defaultDeadLetterPolicy();
    }

    /** The channel's own setting, {@code null} when the default applies. */
    public DeadLetterPolicy deadLetterSetting() {
        return deadLetterSetting;
    }

    /**
     * Sets the channel's own dead-letter setting ({@link DeadLetterPolicy#OFF} turns it off whatever the
     * default) and records it in {@code nsqd.dat}. The caller has checked it does not name this channel's topic.
     *
     * @return completes once {@code nsqd.dat} says so
     */
    public CompletableFuture<Void> deadLetter(DeadLetterPolicy policy) {
        if (policy.enabled()) {
            broker.deadLetterTopicNamed(policy.topic());
        }
        deadLetterSetting = policy;
        return broker.persistMetadata();
    }

    /** Messages moved to the dead-letter topic since the start. */
    public long deadLetterCount() {
        return deadLetterCount;
    }

    // ---- administration ------------------------------------------------------------------------

    /**
     * Stops deliveries (in-flight messages can still be finished) and records it in {@code nsqd.dat}.
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
            dispatchLocked();
        }
        return broker.persistMetadata();
    }

    public synchronized boolean paused() {
        return paused;
    }

    /**
     * Discards everything waiting: memory, backend, in flight and deferred. Consumers' in-flight counts
     * drop to zero, so their later FINs for those ids fail with {@code ID not in flight}.
     */
    public CompletableFuture<Void> empty() {
        CompletableFuture<Void> emptied;
        synchronized (this) {
            emptied = emptyLocked();
        }
        return emptied.exceptionallyCompose(failure ->
                CompletableFuture.failedFuture(new BrokerException(Stored.cause(failure).getMessage(), failure)));
    }

    private CompletableFuture<Void> emptyLocked() {
        memory.clear();
        inFlightById.clear();
        inFlight.drainTo(message -> message.owner = null);
        deferredById.clear();
        deferred.drainTo(message -> { });
        deadLettering.clear();
        for (Consumer consumer : consumers) {
            consumer.counters().inFlight = 0;
        }
        CompletableFuture<Void> emptied = backend.empty();
        if (durableDeferred != null) {
            emptied = Stored.both(emptied, durableDeferred.empty());
        }
        dispatchLocked();
        return emptied;
    }

    /**
     * Deletes the channel's data and closes its consumers' connections. Called by the topic.
     *
     * @return completes once its files are gone
     */
    CompletableFuture<Void> delete() {
        List<Consumer> closing;
        CompletableFuture<Void> deleted;
        synchronized (this) {
            exiting = true;
            closing = List.copyOf(consumers);
            consumers.clear();
            memory.clear();
            inFlightById.clear();
            inFlight.drainTo(message -> message.owner = null);
            deferredById.clear();
            deferred.drainTo(message -> { });
            deadLettering.clear();
            deleted = backend.delete().whenComplete((ignored, failure) -> {
                if (failure != null) {
                    log.error("CHANNEL({}:{}): failed to delete backend - {}", topic.name(), name, Stored.cause(failure).getMessage());
                }
            });
            if (durableDeferred != null) {
                deleted = Stored.both(deleted, durableDeferred.delete());
            }
        }
        closing.forEach(Consumer::channelDeleted);
        return deleted;
    }

    /**
     * Graceful shutdown: memory, in-flight and deferred messages go to the backend as plain queued
     * messages (attempts kept, delay and ownership dropped), then the backend is synced and closed.
     * The deferred store, if any, keeps what it holds, with its due times; it is closed outside this
     * monitor, as its hand-offs take it.
     */
    void close() {
        synchronized (this) {
            closeLocked();
        }
        if (durableDeferred != null) {
            try {
                durableDeferred.close();
            } catch (IOException e) {
                log.error("{}: failed to close its deferred messages - {}", logName, e.getMessage());
            }
        }
    }

    private void closeLocked() {
        exiting = true;
        if (ephemeral) {
            closeBackend();
            return;
        }
        int inMemory = memory.size();
        List<Message> pending = new ArrayList<>(inMemory + inFlight.size() + deferred.size() + deadLettering.size());
        for (Message message; (message = memory.pollFirst()) != null; ) {
            pending.add(message);
        }
        inFlight.drainTo(pending::add);
        inFlightById.clear();
        pending.addAll(deadLettering); // not in the dead-letter topic yet: moved after the restart
        deadLettering.clear();
        int inFlightCount = pending.size() - inMemory; // dead letters under way counted with them
        deferred.drainTo(pending::add);
        deferredById.clear();
        int deferredCount = pending.size() - inMemory - inFlightCount;
        log.info("CHANNEL({}:{}): flushing {} memory {} in-flight {} deferred messages to backend",
                topic.name(), name, inMemory, inFlightCount, deferredCount);
        ShutdownFlush flush = new ShutdownFlush(backend, logName, this::acknowledgeLocked);
        for (Message message : pending) {
            message.owner = null;
            flush.add(message);
        }
        flush.finish();
        closeBackend();
    }

    private void closeBackend() {
        try {
            backend.close();
        } catch (IOException e) {
            log.error("CHANNEL({}:{}): failed to close backend - {}", topic.name(), name, e.getMessage());
        }
    }

    // ---- stats ---------------------------------------------------------------------------------

    CompletableFuture<Void> opened() {
        return durableDeferred == null ? backend.opened() : CompletableFuture.allOf(backend.opened(), durableDeferred.opened());
    }

    /** Messages waiting for delivery, memory and backend (in-flight and deferred are counted apart). */
    public synchronized long depth() {
        return memory.size() + backend.depth();
    }

    public long backendDepth() {
        return backend.depth();
    }

    public synchronized int inFlightCount() {
        return inFlight.size();
    }

    /** Deferred messages: in memory, and on disk with durable deferral. */
    public synchronized int deferredCount() {
        long onDisk = durableDeferred == null ? 0 : durableDeferred.size();
        return (int) Math.min(Integer.MAX_VALUE, deferred.size() + onDisk);
    }

    public long messageCount() {
        return messageCount;
    }

    /**
     * Messages delivered from memory (direct hand-offs included, sampled-out ones too), nsqd master's
     * {@code global_msg_count}: with no topology-aware consumption every such delivery is "global";
     * messages read back from the disk queue are not counted, as in nsqd.
     */
    public long globalMsgCount() {
        return globalMsgCount;
    }

    /** Publish-to-FIN latency over {@code --e2e-processing-latency-window-time}. */
    public E2eLatency e2eProcessingLatency() {
        return latency == null ? E2eLatency.DISABLED : latency.snapshot();
    }

    E2eLatencyRecorder latencyRecorder() {
        return latency;
    }

    public long requeueCount() {
        return requeueCount;
    }

    public long timeoutCount() {
        return timeoutCount;
    }

    @Override
    public String toString() {
        return "Channel(" + topic.name() + ":" + name + ")";
    }
}
