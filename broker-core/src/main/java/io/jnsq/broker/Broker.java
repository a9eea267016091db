package io.jnsq.broker;

import io.jnsq.broker.queue.BackendQueue;
import io.jnsq.broker.queue.DiscardingBackendQueue;
import io.jnsq.broker.queue.DiskQueue;
import io.jnsq.broker.queue.DiskQueueConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The nsqd domain: topics by name, the clients connected to them, health and the timers that move
 * in-flight and deferred messages. Transport-free: protocols and HTTP handlers call into it.
 */
public final class Broker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Broker.class);

    private final AtomicReference<Options> options;
    private final BackendQueueFactory backends;
    private final BrokerListener listener;
    private final Map<String, Topic> topics = new ConcurrentHashMap<>();
    private final Map<Long, ClientView> clients = new ConcurrentHashMap<>();
    private final AtomicLong clientIds = new AtomicLong();
    private final Health health = new Health();
    private final ScheduledExecutorService timers;
    private final QueueScanner scanner;
    private final long startTimeSeconds = System.currentTimeMillis() / 1000;
    private volatile boolean closed;

    /** A broker whose durable topics and channels keep their overflow in disk queues under {@code --data-path}. */
    public Broker(Options options, BrokerListener listener) {
        this(options, null, listener);
    }

    /** A broker with its own backends (tests, embedding); {@code null} means disk queues. */
    public Broker(Options options, BackendQueueFactory backends, BrokerListener listener) {
        this.options = new AtomicReference<>(options);
        this.listener = listener;
        // two threads: a slow fsync must not hold up timeouts and deferred messages
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(2, runnable -> {
            Thread thread = new Thread(runnable, "nsqd-timers");
            thread.setDaemon(true);
            return thread;
        });
        pool.setRemoveOnCancelPolicy(true);
        this.timers = pool;
        this.backends = backends != null ? backends
                : name -> new DiskQueue(DiskQueueConfig.forQueue(name, options()), timers);
        this.scanner = new QueueScanner(this, timers);
        scanner.start();
    }

    public Options options() {
        return options.get();
    }

    /** Replaces the options as a whole (runtime changes such as {@code PUT /config/log_level}). */
    public void swapOptions(Options replacement) {
        options.set(replacement);
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

    // ---- topics --------------------------------------------------------------------------------

    /** The topic of this name, created (and announced) if new. The name must already be valid. */
    public Topic topic(String name) throws BrokerException {
        if (closed) {
            throw new BrokerException("exiting");
        }
        Topic existing = topics.get(name);
        if (existing != null && !existing.exiting()) {
            return existing;
        }
        boolean[] created = new boolean[1];
        Topic topic = topics.compute(name, (key, current) -> {
            if (current != null && !current.exiting()) {
                return current;
            }
            created[0] = true;
            return new Topic(key, this, backendFor(key, Names.isEphemeral(key)));
        });
        if (created[0]) {
            log.info("TOPIC({}): created", name);
            listener.topicCreated(topic);
        }
        return topic;
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

    /** @throws BrokerException {@code topic not found} */
    public void deleteTopic(String name) throws BrokerException {
        Topic topic = topics.remove(name);
        if (topic == null) {
            throw new BrokerException("topic not found");
        }
        log.info("TOPIC({}): deleting", name);
        topic.delete();
        listener.topicDeleted(topic);
    }

    /** An ephemeral topic lost its last channel. */
    void deleteTopicIfUnused(Topic topic) {
        if (topic.hasChannels() || !topics.remove(topic.name(), topic)) {
            return;
        }
        topic.delete();
        listener.topicDeleted(topic);
    }

    BackendQueue backendFor(String queueName, boolean ephemeral) {
        return ephemeral ? new DiscardingBackendQueue() : backends.open(queueName);
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
     * Stops the timers and closes every topic: what is in memory, in flight or deferred goes to the
     * backends, which are synced. Clients should be disconnected first.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        scanner.close();
        for (Topic topic : topics.values()) {
            topic.close();
        }
        timers.shutdownNow();
    }
}
