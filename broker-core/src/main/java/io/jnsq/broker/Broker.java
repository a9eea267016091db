package io.jnsq.broker;

import io.jnsq.broker.config.BrokerConfig;
import io.jnsq.broker.deferral.DeferredStore;
import io.jnsq.broker.queue.BackendQueue;
import io.jnsq.broker.queue.DiscardingBackendQueue;
import io.jnsq.broker.queue.DiskQueue;
import io.jnsq.broker.queue.DiskQueueConfig;
import io.jnsq.broker.queue.MemoryBackendQueue;
import io.jnsq.broker.meta.MetadataStore;
import io.jnsq.broker.meta.MetadataWriter;
import io.jnsq.broker.meta.TopologyMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The nsqd domain: topics by name, the clients connected to them, health and the timers that move
 * in-flight and deferred messages. Transport-free: protocols and HTTP handlers call into it.
 *
 * <p>Threads it owns: {@code nsqd-timers} (timeouts, deferral, periodic sync checks; no I/O),
 * {@code nsqd-disk-N} (every disk queue's worker), {@code nsqd-metadata} ({@code nsqd.dat}) and
 * {@code nsqd-worker-N} (deliveries once a disk queue has read ahead, topic backlogs moving to
 * channels). Callers on event loops never wait for any of them: what they start returns a future.
 */
public final class Broker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Broker.class);

    private final BrokerConfig config;
    private final Ticker ticker;
    private final BackendQueueFactory backends;
    private final BrokerListener listener;
    private final ChannelDiscovery discovery;
    private final Map<String, Topic> topics = new ConcurrentHashMap<>();
    private final Map<Long, ClientView> clients = new ConcurrentHashMap<>();
    private final AtomicLong clientIds = new AtomicLong();
    private final Health health = new Health();
    private final BackendFailureLog failureLog = new BackendFailureLog();
    private final ScheduledExecutorService timers;
    private final ExecutorService diskIo;
    private final ExecutorService workers;
    private final QueueScanner scanner;
    private final long startTimeSeconds = System.currentTimeMillis() / 1000;
    /** {@code nsqd.dat}; null in memory-only mode, which writes nothing. */
    private final MetadataWriter metadata;
    private final DeadLetterMover deadLetters = new DeadLetterMover(this);
    private final DeadLetterPolicy defaultDeadLetterPolicy;
    /** Topics some channel's own setting has named since the start: the default leaves their channels alone. */
    private final Set<String> namedDeadLetterTopics = ConcurrentHashMap.newKeySet();
    /** Queues with deferred-message files on disk, found at startup when durable deferral is off. */
    private volatile Set<String> leftoverDeferred = Set.of();
    private volatile boolean loadingMetadata;
    private volatile boolean closed;

    /**
     * A broker whose durable topics and channels keep their overflow in disk queues under
     * {@code --data-path}, or in memory in memory-only mode.
     */
    public Broker(BrokerConfig config, BrokerListener listener) {
        this(config, null, listener);
    }

    /** A broker with its own backends (tests, embedding); {@code null} means the configured ones. */
    public Broker(BrokerConfig config, BackendQueueFactory backends, BrokerListener listener) {
        this(config, backends, List.of(listener), ChannelDiscovery.NONE);
    }

    /**
     * @param backends  {@code null} for disk queues, or memory ones in memory-only mode
     * @param listeners each told of every topic and channel change, in this order
     * @param discovery asked for the cluster's channels of each topic created at runtime; the topic
     *                  delivers once they exist here (see {@link #topic})
     */
    public Broker(BrokerConfig config, BackendQueueFactory backends, List<BrokerListener> listeners, ChannelDiscovery discovery) {
        this(config, backends, listeners, discovery, Ticker.SYSTEM);
    }

    /** @param ticker what in-flight timeouts and deferrals are measured with; tests move a {@link ManualTicker} */
    public Broker(BrokerConfig config, BackendQueueFactory backends, List<BrokerListener> listeners, ChannelDiscovery discovery,
                  Ticker ticker) {
        this.config = config;
        this.ticker = ticker;
        this.defaultDeadLetterPolicy = defaultDeadLetterPolicyOf(config);
        this.listener = BrokerListeners.of(listeners);
        this.discovery = discovery;
        // two threads: a slow fsync must not hold up timeouts and deferred messages
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(2, runnable -> {
            Thread thread = new Thread(runnable, "nsqd-timers");
            thread.setDaemon(true);
            return thread;
        });
        pool.setRemoveOnCancelPolicy(true);
        this.timers = pool;
        // several disk threads: one queue's slow fsync must not hold up the others' writes
        this.diskIo = Executors.newFixedThreadPool(Math.max(4, Runtime.getRuntime().availableProcessors()),
                daemonThreads("nsqd-disk-"));
        this.workers = Executors.newFixedThreadPool(2, daemonThreads("nsqd-worker-"));
        if (backends != null) {
            this.backends = backends;
        } else if (config.queues().memoryOnly()) {
            this.backends = name -> new MemoryBackendQueue();
        } else {
            this.backends = name -> new DiskQueue(DiskQueueConfig.forQueue(name, config), timers, diskIo);
        }
        this.metadata = config.queues().dataPath()
                .map(path -> new MetadataWriter(new MetadataStore(path), this::topologySnapshot))
                .orElse(null);
        this.scanner = new QueueScanner(this, timers);
        scanner.start();
    }

    private static java.util.concurrent.ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    public BrokerConfig config() {
        return config;
    }

    /** The time in-flight timeouts and deferrals are measured with. */
    public Ticker ticker() {
        return ticker;
    }

    /** {@code --dead-letter-max-attempts} and {@code --dead-letter-topic}: every channel's unless it has its own. */
    public DeadLetterPolicy defaultDeadLetterPolicy() {
        return defaultDeadLetterPolicy;
    }

    private static DeadLetterPolicy defaultDeadLetterPolicyOf(BrokerConfig config) {
        int maxAttempts = config.messages().deadLetterMaxAttempts();
        return maxAttempts == 0 ? DeadLetterPolicy.OFF : new DeadLetterPolicy(maxAttempts, config.messages().deadLetterTopic());
    }

    /**
     * Whether a topic receives dead letters (the default's topic, or one a channel's setting named): the
     * default does not apply to its channels, so that a dead letter is not dead-lettered again unless its
     * channel is given a setting of its own.
     */
    boolean isDeadLetterTopic(String name) {
        return name.equals(defaultDeadLetterPolicy.topic()) || namedDeadLetterTopics.contains(name);
    }

    void deadLetterTopicNamed(String name) {
        namedDeadLetterTopics.add(name);
    }

    DeadLetterMover deadLetters() {
        return deadLetters;
    }

    public Health health() {
        return health;
    }

    public long startTimeSeconds() {
        return startTimeSeconds;
    }

    BrokerListener listener() {
        return listener;
    }

    /** Runs short tasks that must not run on the thread that asks for them (a disk queue's worker). */
    Executor workers() {
        return workers;
    }

    ScheduledExecutorService timers() {
        return timers;
    }

    // ---- topics --------------------------------------------------------------------------------

    /**
     * The topic of this name, created (and announced) if new. The name must already be valid.
     *
     * <p>A topic created at runtime (not from {@code nsqd.dat}) with a {@link ChannelDiscovery} first asks
     * it for the channels the cluster has for it, without waiting: the topic holds what is published
     * meanwhile, as when it has no channel, and delivers once those channels exist here (or the query
     * failed, or took longer than the HTTP client's connect and request timeouts together).
     */
    public Topic topic(String name) throws BrokerException {
        if (closed) {
            throw new BrokerException("exiting");
        }
        if (metadata != null && metadata.stale()) {
            persistMetadata(); // retried; the caller's reply waits for it through metadataWritten()
        }
        Topic existing = topics.get(name);
        if (existing != null && !existing.exiting()) {
            return existing;
        }
        boolean[] created = new boolean[1];
        boolean discover = discovery != ChannelDiscovery.NONE && !loadingMetadata;
        Topic topic = topics.compute(name, (key, current) -> {
            if (current != null && !current.exiting()) {
                return current;
            }
            created[0] = true;
            return new Topic(key, this, backendFor(key, Names.isEphemeral(key)), discover);
        });
        if (created[0]) {
            log.info("TOPIC({}): created", name);
            listener.topicCreated(topic);
            topologyChanged(topic.ephemeral());
            if (discover) {
                createClusterChannels(topic);
            }
        }
        return topic;
    }

    private void createClusterChannels(Topic topic) {
        CompletableFuture<Set<String>> names;
        try {
            names = discovery.channelsOf(topic.name());
        } catch (RuntimeException e) {
            names = CompletableFuture.failedFuture(e);
        }
        if (names.isDone()) {
            createChannelsThenDeliver(topic, names.getNow(Set.of()), null);
            return;
        }
        Duration patience = discovery.patience();
        ScheduledFuture<?> deadline = timers.schedule(() -> {
            log.warn("TOPIC({}): nsqlookupd has not said which channels to pre-create within {}ms; delivering", topic.name(), patience.toMillis());
            topic.startDelivery();
        }, patience.toNanos(), TimeUnit.NANOSECONDS);
        names.whenCompleteAsync((channels, failure) -> {
            deadline.cancel(false);
            createChannelsThenDeliver(topic, channels, failure);
        }, workers);
    }

    /** Ephemeral channels are left out: nobody consumes them here yet. Names are checked: lookupd is not trusted. */
    private void createChannelsThenDeliver(Topic topic, Set<String> channels, Throwable failure) {
        if (failure != null) {
            log.warn("failed to query nsqlookupd for channels to pre-create for topic {} - {}", topic.name(), Stored.cause(failure).getMessage());
        } else {
            for (String channel : channels) {
                if (!Names.isValid(channel) || Names.isEphemeral(channel)) {
                    continue;
                }
                try {
                    topic.channel(channel);
                } catch (BrokerException exiting) {
                    return; // deleted meanwhile
                }
            }
        }
        topic.startDelivery();
    }

    public Optional<Topic> findTopic(String name) {
        return Optional.ofNullable(topics.get(name));
    }

    /** Topics sorted by name. */
    public List<Topic> topics() {
        return topics.values().stream().sorted(Comparator.comparing(Topic::name)).toList();
    }

    Iterable<Topic> topicSnapshot() {
        return topics.values();
    }

    /**
     * @return completes once its files are gone and {@code nsqd.dat} no longer lists it
     * @throws BrokerException {@code topic not found}
     */
    public CompletableFuture<Void> deleteTopic(String name) throws BrokerException {
        Topic topic = topics.remove(name);
        if (topic == null) {
            throw new BrokerException("topic not found");
        }
        log.info("TOPIC({}): deleting", name);
        CompletableFuture<Void> deleted = topic.delete();
        listener.topicDeleted(topic);
        return CompletableFuture.allOf(deleted, topologyChanged(topic.ephemeral()));
    }

    /** An ephemeral topic lost its last channel. */
    void deleteTopicIfUnused(Topic topic) {
        if (topic.hasChannels() || !topics.remove(topic.name(), topic)) {
            return;
        }
        topic.delete();
        listener.topicDeleted(topic);
        topologyChanged(topic.ephemeral());
    }

    // ---- metadata (nsqd.dat) --------------------------------------------------------------------

    /**
     * Recreates the topics and channels in {@code nsqd.dat}, paused as they were, then rewrites the file.
     * Their disk queues resume where they stopped; returns once they have read their state back.
     * Entries with invalid names are skipped with a warning.
     *
     * @throws IOException when the file exists but cannot be parsed
     */
    public void loadMetadata() throws IOException {
        if (metadata == null) {
            return;
        }
        findLeftoverDeferred();
        TopologyMetadata stored = metadata.store().load().orElse(null);
        if (stored != null) {
            loadingMetadata = true;
            try {
                restore(stored);
            } finally {
                loadingMetadata = false;
            }
        }
        persistMetadata().join();
        for (Topic topic : topics.values()) {
            topic.opened().join();
        }
    }

    /**
     * Without {@code --durable-deferral}, deferred messages a run with it left on disk are still delivered at
     * their time (new deferrals wait in memory): turning the flag off must not strand them.
     */
    private void findLeftoverDeferred() throws IOException {
        if (config.queues().durableDeferral()) {
            return;
        }
        leftoverDeferred = DeferredStore.queuesWithFiles(config.queues().dataPath().orElseThrow().toAbsolutePath());
        if (!leftoverDeferred.isEmpty()) {
            log.warn("--durable-deferral is off, but deferred messages wait on disk for {}: they are delivered at"
                    + " their time; new deferred messages wait in memory", leftoverDeferred);
        }
    }

    private void restore(TopologyMetadata stored) throws IOException {
        for (TopologyMetadata.TopicEntry entry : stored.topicList()) {
            if (!Names.isValid(entry.name())) {
                log.warn("skipping creation of invalid topic {}", entry.name());
                continue;
            }
            try {
                Topic topic = topic(entry.name());
                if (entry.paused()) {
                    topic.pause();
                }
                for (TopologyMetadata.ChannelEntry channelEntry : entry.channelList()) {
                    if (!Names.isValid(channelEntry.name())) {
                        log.warn("skipping creation of invalid channel {}", channelEntry.name());
                        continue;
                    }
                    Channel channel = topic.channel(channelEntry.name());
                    if (channelEntry.paused()) {
                        channel.pause();
                    }
                    restoreDeadLetterSetting(channel, channelEntry);
                }
            } catch (BrokerException e) {
                throw new IOException("failed to restore topic " + entry.name() + " - " + e.getMessage(), e);
            }
        }
    }

    private static void restoreDeadLetterSetting(Channel channel, TopologyMetadata.ChannelEntry entry) {
        if (entry.maxAttempts() == null) {
            return;
        }
        String topic = entry.deadLetterTopic() == null ? "" : entry.deadLetterTopic();
        String problem = DeadLetterPolicy.problemWith(entry.maxAttempts(), topic);
        if (problem == null && topic.equals(channel.topic().name())) {
            problem = "it is the channel's own topic";
        }
        if (problem != null) {
            log.warn("skipping the dead-letter setting of channel {}:{} - {}", channel.topic().name(), channel.name(), problem);
            return;
        }
        channel.deadLetter(entry.maxAttempts() == 0 ? DeadLetterPolicy.OFF : new DeadLetterPolicy(entry.maxAttempts(), topic));
    }

    /**
     * Has {@code nsqd.dat} rewritten on the metadata thread.
     *
     * @return completes once a file including every change made so far is written (or the write failed,
     *         which is logged and leaves the previous file whole)
     */
    public CompletableFuture<Void> persistMetadata() {
        if (loadingMetadata || metadata == null) {
            return CompletableFuture.completedFuture(null);
        }
        return metadata.requestWrite();
    }

    /**
     * What a reply that may follow a topology change waits for: the latest {@code nsqd.dat} write asked
     * for, by this caller or another (the topic it publishes to may have been created by someone else a
     * moment ago). Already complete when no write is pending, which is nearly always.
     */
    public CompletableFuture<Void> metadataWritten() {
        return metadata == null ? CompletableFuture.completedFuture(null) : metadata.latest();
    }

    private TopologyMetadata topologySnapshot() {
        List<TopologyMetadata.TopicEntry> entries = new ArrayList<>();
        for (Topic topic : topics()) {
            if (topic.ephemeral()) {
                continue;
            }
            List<TopologyMetadata.ChannelEntry> channels = new ArrayList<>();
            for (Channel channel : topic.channels()) {
                if (!channel.ephemeral()) {
                    DeadLetterPolicy deadLetter = channel.deadLetterSetting();
                    channels.add(deadLetter == null ? new TopologyMetadata.ChannelEntry(channel.name(), channel.paused())
                            : new TopologyMetadata.ChannelEntry(channel.name(), channel.paused(), deadLetter.maxAttempts(),
                                    deadLetter.topic()));
                }
            }
            entries.add(new TopologyMetadata.TopicEntry(topic.name(), topic.paused(), channels));
        }
        return new TopologyMetadata(entries, Version.NUMBER);
    }

    /**
     * A durable topic or channel came or went: rewrite {@code nsqd.dat} before the command that caused it
     * is answered (the reply waits for {@link #metadataWritten}). nsqd writes it later, so a crash could
     * forget a new topic whose disk queue already holds acknowledged messages.
     */
    CompletableFuture<Void> topologyChanged(boolean ephemeral) {
        if (!ephemeral && !closed) {
            return persistMetadata();
        }
        return CompletableFuture.completedFuture(null);
    }

    /**
     * Writes records to a topic's or channel's backend, keeping health as nsqd does: a failed write
     * turns it NOK, the next successful one (of any queue, as in nsqd) restores it. Failures are logged
     * per queue when they start, then at most every {@link BackendFailureLog#QUIET_PERIOD_NANOS} with the
     * count in between, and when they end: a full disk under load does not write a line per message.
     *
     * @return completes when the records are stored; exceptionally with a {@link BrokerException} otherwise
     */
    CompletableFuture<Void> store(BackendQueue backend, List<byte[]> records, String owner) {
        return keepingHealth(backend.append(records), owner);
    }

    /** Writes a deferred message to a deferred store, keeping health as {@link #store} does. */
    CompletableFuture<Void> storeDeferred(DeferredStore store, byte[] record, long dueNanos, String owner) {
        return keepingHealth(store.add(record, dueNanos), owner);
    }

    private CompletableFuture<Void> keepingHealth(CompletableFuture<Void> write, String owner) {
        return write.handle((ignored, failure) -> {
            if (failure == null) {
                health.backendWriteSucceeded();
                failureLog.succeeded(owner);
                return null;
            }
            Exception cause = Stored.cause(failure);
            health.backendWriteFailed(cause);
            failureLog.failed(owner, cause);
            throw new java.util.concurrent.CompletionException(new BrokerException(cause.getMessage(), cause));
        });
    }

    BackendQueue backendFor(String queueName, boolean ephemeral) {
        return ephemeral ? new DiscardingBackendQueue() : backends.open(queueName);
    }

    /**
     * The deferred-message store of a durable topic or channel with {@code --durable-deferral} (or whose
     * files such a run left behind), else {@code null}. No I/O here: it scans its files on a disk thread.
     */
    DeferredStore deferredStoreFor(String queueName, boolean ephemeral, DeferredStore.DueSink sink) {
        if (ephemeral || !config.queues().durableDeferral() && !leftoverDeferred.contains(queueName)) {
            return null;
        }
        return new DeferredStore(DiskQueueConfig.forQueue(queueName, config), timers, diskIo, workers, sink, ticker);
    }

    // ---- clients -------------------------------------------------------------------------------

    public long nextClientId() {
        return clientIds.incrementAndGet();
    }

    public void addClient(ClientView client) {
        clients.put(client.clientId(), client);
    }

    public void removeClient(ClientView client) {
        clients.remove(client.clientId());
    }

    /** Every connected client, by connection order. */
    public List<ClientView> clients() {
        return clients.values().stream().sorted(Comparator.comparingLong(ClientView::clientId)).toList();
    }

    // ---- lifecycle -----------------------------------------------------------------------------

    public boolean closed() {
        return closed;
    }

    /**
     * Stops the timers, writes {@code nsqd.dat} and closes every topic: what is in memory, in flight or
     * deferred goes to the backends, which are synced. Clients should be disconnected first.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        scanner.close();
        if (metadata != null) {
            metadata.requestWrite();
        }
        for (Topic topic : topics.values()) {
            topic.close();
        }
        if (metadata != null) {
            metadata.close();
        }
        timers.shutdownNow();
        workers.shutdownNow();
        diskIo.shutdown();
    }
}
