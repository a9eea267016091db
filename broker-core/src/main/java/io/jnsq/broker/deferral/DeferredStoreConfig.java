package io.jnsq.broker.deferral;

import io.jnsq.broker.config.BrokerConfig;
import io.jnsq.broker.queue.DiskQueueConfig;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How one {@link DeferredStore} keeps its files.
 *
 * @param name            the queue it serves: a topic, or {@code topic:channel}; prefixes every file name
 * @param dataPath        directory holding the files ({@code --data-path})
 * @param maxBytesPerFile a file is rolled before a record would take it past this size ({@code --max-bytes-per-file})
 * @param maxPayloadSize  largest payload: a message's 26-byte header and the largest body ({@code --max-msg-size})
 * @param syncEvery       writes and releases between fsyncs; 1 fsyncs every write before it is acknowledged ({@code --sync-every})
 * @param syncTimeout     longest time activity stays unsynced ({@code --sync-timeout})
 */
public record DeferredStoreConfig(String name, Path dataPath, long maxBytesPerFile, int maxPayloadSize,
                                  long syncEvery, Duration syncTimeout) {

    public DeferredStoreConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(dataPath, "dataPath");
        Objects.requireNonNull(syncTimeout, "syncTimeout");
        if (maxBytesPerFile <= 0 || maxPayloadSize <= 0 || syncEvery < 1 || syncTimeout.isNegative() || syncTimeout.isZero()) {
            throw new IllegalArgumentException("invalid deferred store configuration " + maxBytesPerFile + "/"
                    + maxPayloadSize + "/" + syncEvery + "/" + syncTimeout);
        }
    }

    /** The disk queue's own settings, applied to the queue {@code name}'s deferred messages. */
    public static DeferredStoreConfig forQueue(String name, BrokerConfig config) {
        DiskQueueConfig queue = DiskQueueConfig.forQueue(name, config);
        // a deferred payload is what the disk queue stores as a record: header and body
        return new DeferredStoreConfig(queue.name(), queue.dataPath(), queue.maxBytesPerFile(), queue.maxMsgSize(),
                queue.syncEvery(), queue.syncTimeout());
    }
}
