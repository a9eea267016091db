package io.jnsq.broker.queue;

import com.google.auto.value.AutoValue;
import io.jnsq.broker.config.BrokerConfig;
import io.jnsq.broker.config.Validation;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How one {@link DiskQueue} (or a {@link io.jnsq.broker.deferral.DeferredStore}) stores its records. Built by
 * name, so two neighbouring settings of the same type cannot be swapped unnoticed; {@link Builder#build()}
 * refuses settings no queue can work with.
 */
@AutoValue
public abstract class DiskQueueConfig {

    /** Size of a message's header (timestamp, attempts, id): the smallest record nsqd stores. */
    public static final int MESSAGE_HEADER_SIZE = 26;

    DiskQueueConfig() {
    }

    /** Queue name: a topic, or {@code topic:channel}; prefixes every file name. */
    public abstract String name();

    /** Directory holding the files. */
    public abstract Path dataPath();

    /** A data file is rolled before a record would take it past this size. */
    public abstract long maxBytesPerFile();

    /** Smallest valid record (a message's 26-byte header). */
    public abstract int minMsgSize();

    /** Largest valid record (max message body + 26); larger reads count as corruption. */
    public abstract int maxMsgSize();

    /** Puts and polls (combined) between fsyncs; 1 fsyncs every put before it returns. */
    public abstract long syncEvery();

    /** Longest time activity stays unsynced. */
    public abstract Duration syncTimeout();

    /**
     * A queue {@code name} under {@code dataPath} with nsqd's defaults: 100 MiB files, records of a header up to
     * a 1 MiB body, fsync every 2,500 operations or 2 s.
     */
    public static Builder builder(String name, Path dataPath) {
        return new AutoValue_DiskQueueConfig.Builder()
                .name(name)
                .dataPath(dataPath)
                .maxBytesPerFile(100L * 1024 * 1024)
                .minMsgSize(MESSAGE_HEADER_SIZE)
                .maxMsgSize(1024 * 1024 + MESSAGE_HEADER_SIZE)
                .syncEvery(2500)
                .syncTimeout(Duration.ofSeconds(2));
    }

    /**
     * The configuration nsqd derives from its options for the topic or channel queue {@code name}.
     *
     * @throws IllegalStateException in memory-only mode, which has no disk queues
     */
    public static DiskQueueConfig forQueue(String name, BrokerConfig config) {
        Path dataPath = config.queues().dataPath()
                .orElseThrow(() -> new IllegalStateException("a memory-only broker has no disk queues"));
        return builder(name, dataPath)
                .maxBytesPerFile(config.queues().maxBytesPerFile())
                .maxMsgSize(Math.toIntExact(config.messages().maxMsgSize() + MESSAGE_HEADER_SIZE))
                // go-diskqueue with sync-every 0 syncs after every operation, which is what 1 means here
                .syncEvery(Math.max(1, config.queues().syncEvery()))
                .syncTimeout(config.queues().syncTimeout())
                .build();
    }

    @AutoValue.Builder
    public abstract static class Builder {

        Builder() {
        }

        abstract Builder name(String name);

        abstract Builder dataPath(Path dataPath);

        public abstract Builder maxBytesPerFile(long bytes);

        public abstract Builder minMsgSize(int bytes);

        public abstract Builder maxMsgSize(int bytes);

        public abstract Builder syncEvery(long operations);

        public abstract Builder syncTimeout(Duration timeout);

        abstract DiskQueueConfig autoBuild();

        /** @throws IllegalArgumentException for settings no disk queue could work with */
        public DiskQueueConfig build() {
            DiskQueueConfig config = autoBuild();
            Validation.require(!config.name().isEmpty(), "empty queue name");
            Validation.require(config.maxBytesPerFile() > 0, "maxBytesPerFile must be positive: " + config.maxBytesPerFile());
            Validation.require(config.minMsgSize() >= 0 && config.maxMsgSize() >= config.minMsgSize(),
                    "invalid record size range [" + config.minMsgSize() + ", " + config.maxMsgSize() + "]");
            Validation.require(config.syncEvery() >= 1, "syncEvery must be at least 1: " + config.syncEvery());
            Validation.requirePositive(config.syncTimeout(), "syncTimeout");
            return config;
        }
    }
}
