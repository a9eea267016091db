package io.jnsq.broker.config;

import com.google.auto.value.AutoValue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Where topics and channels keep their messages: {@link #memQueueSize()} in memory each, the rest in disk
 * queues under the data path, or, in memory-only mode (no data path), in memory too and nowhere else.
 */
@AutoValue
public abstract class QueueConfig {

    QueueConfig() {
    }

    /** {@code --data-path}: nsqd's default, the empty path, is the working directory; empty: memory only. */
    public abstract Optional<Path> dataPath();

    /** {@code --mem-queue-size}: messages kept in memory per topic and per channel. */
    public abstract long memQueueSize();

    /** {@code --max-bytes-per-file}: a disk queue file rolls before a record would take it past this. */
    public abstract long maxBytesPerFile();

    /** {@code --sync-every}: disk queue reads and writes between fsyncs. */
    public abstract long syncEvery();

    /** {@code --sync-timeout}: the longest time disk queue activity stays unsynced. */
    public abstract Duration syncTimeout();

    /** {@code --durable-deferral} (jnsq): deferred messages wait on disk, indexed in memory, and survive a crash. */
    public abstract boolean durableDeferral();

    /** Whether nothing is written to disk: no disk queues, no {@code nsqd.dat}. */
    public boolean memoryOnly() {
        return dataPath().isEmpty();
    }

    /**
     * nsqd's defaults: the working directory, 10,000 messages in memory, 100 MiB files, fsync every 2,500 or 2 s;
     * deferred messages in memory.
     */
    public static Builder builder() {
        return new AutoValue_QueueConfig.Builder()
                .dataPath(Path.of(""))
                .memQueueSize(10_000)
                .maxBytesPerFile(100L * 1024 * 1024)
                .syncEvery(2500)
                .syncTimeout(Duration.ofSeconds(2))
                .durableDeferral(false);
    }

    public static QueueConfig defaults() {
        return builder().build();
    }

    public abstract Builder toBuilder();

    @AutoValue.Builder
    public abstract static class Builder {

        Builder() {
        }

        public abstract Builder dataPath(Path dataPath);

        /** Memory-only mode: what overflows memory stays in memory, and nothing is written to disk. */
        public Builder memoryOnly() {
            return dataPath(Optional.empty());
        }

        abstract Builder dataPath(Optional<Path> dataPath);

        public abstract Builder memQueueSize(long messages);

        public abstract Builder maxBytesPerFile(long bytes);

        public abstract Builder syncEvery(long operations);

        public abstract Builder syncTimeout(Duration timeout);

        public abstract Builder durableDeferral(boolean durableDeferral);

        abstract QueueConfig autoBuild();

        /** @throws IllegalArgumentException naming the flag of a value no disk queue could work with */
        public QueueConfig build() {
            QueueConfig config = autoBuild();
            Validation.require(config.maxBytesPerFile() > 0, "--max-bytes-per-file must be positive");
            Validation.requirePositive(config.syncTimeout(), "--sync-timeout");
            Validation.require(!(config.durableDeferral() && config.memoryOnly()),
                    "--durable-deferral needs a data path: memory-only mode writes nothing to disk");
            return config;
        }
    }
}
