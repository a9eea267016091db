package io.jnsq.broker.queue;

import io.jnsq.broker.config.BrokerConfig;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How one {@link DiskQueue} stores its records.
 *
 * @param name            queue name: a topic, or {@code topic:channel}; prefixes every file name
 * @param dataPath        directory holding the files
 * @param maxBytesPerFile a data file is rolled before a record would take it past this size
 * @param minMsgSize      smallest valid record (a message's 26-byte header)
 * @param maxMsgSize      largest valid record (max message body + 26); larger reads count as corruption
 * @param syncEvery       puts and polls (combined) between fsyncs; 1 fsyncs every put before it returns
 * @param syncTimeout     longest time activity stays unsynced
 */
public record DiskQueueConfig(String name, Path dataPath, long maxBytesPerFile, int minMsgSize, int maxMsgSize,
                              long syncEvery, Duration syncTimeout) {

    /** Size of a message's header (timestamp, attempts, id): the smallest record nsqd stores. */
    public static final int MESSAGE_HEADER_SIZE = 26;

    public DiskQueueConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(dataPath, "dataPath");
        Objects.requireNonNull(syncTimeout, "syncTimeout");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("empty queue name");
        }
        if (maxBytesPerFile <= 0) {
            throw new IllegalArgumentException("maxBytesPerFile must be positive: " + maxBytesPerFile);
        }
        if (minMsgSize < 0 || maxMsgSize < minMsgSize) {
            throw new IllegalArgumentException("invalid record size range [" + minMsgSize + ", " + maxMsgSize + "]");
        }
        if (syncEvery < 1) {
            throw new IllegalArgumentException("syncEvery must be at least 1: " + syncEvery);
        }
        if (syncTimeout.isNegative() || syncTimeout.isZero()) {
            throw new IllegalArgumentException("syncTimeout must be positive: " + syncTimeout);
        }
    }

    /**
     * The configuration nsqd derives from its options for the topic or channel queue {@code name}.
     *
     * @throws IllegalStateException in memory-only mode, which has no disk queues
     */
    public static DiskQueueConfig forQueue(String name, BrokerConfig config) {
        Path dataPath = config.queues().dataPath()
                .orElseThrow(() -> new IllegalStateException("a memory-only broker has no disk queues"));
        return new DiskQueueConfig(
                name,
                dataPath,
                config.queues().maxBytesPerFile(),
                MESSAGE_HEADER_SIZE,
                Math.toIntExact(config.messages().maxMsgSize() + MESSAGE_HEADER_SIZE),
                // go-diskqueue with sync-every 0 syncs after every operation, which is what 1 means here
                Math.max(1, config.queues().syncEvery()),
                config.queues().syncTimeout());
    }
}
