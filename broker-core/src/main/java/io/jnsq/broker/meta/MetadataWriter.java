package io.jnsq.broker.meta;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * Writes {@code nsqd.dat} on a thread of its own, so that creating a topic never waits for a disk on the
 * caller's thread. Requests made while a write is queued share it; one made while a write runs gets the
 * next, which takes its snapshot after the request: a completed future always means a file that
 * includes the caller's change. A failed write is logged, completes its future normally (the previous
 * file stays whole, as before) and leaves the store {@linkplain #stale() stale}.
 */
public final class MetadataWriter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MetadataWriter.class);
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    private final MetadataStore store;
    private final Supplier<TopologyMetadata> snapshot;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(runnable -> {
        Thread writer = new Thread(runnable, "nsqd-metadata");
        writer.setDaemon(true);
        return writer;
    });
    /** The write not yet started, which new requests join; null when none is queued. */
    private CompletableFuture<Void> queued;
    /** The write queued or running that callers must wait for; DONE when none. */
    private volatile CompletableFuture<Void> latest = DONE;
    private volatile boolean stale;

    public MetadataWriter(MetadataStore store, Supplier<TopologyMetadata> snapshot) {
        this.store = store;
        this.snapshot = snapshot;
    }

    public MetadataStore store() {
        return store;
    }

    /** Asks for a write reflecting everything changed so far; completes when it is done (or has failed). */
    public synchronized CompletableFuture<Void> requestWrite() {
        if (queued == null) {
            CompletableFuture<Void> write = new CompletableFuture<>();
            queued = write;
            latest = write;
            thread.execute(() -> run(write));
        }
        return queued;
    }

    /** The write a reply must wait for: the last one requested, done or not. A volatile read: every publish asks. */
    public CompletableFuture<Void> latest() {
        return latest;
    }

    /** The last write failed: the file may lack topics or channels that exist. */
    public boolean stale() {
        return stale;
    }

    private void run(CompletableFuture<Void> write) {
        synchronized (this) {
            queued = null; // requests from now on need a snapshot taken after them
        }
        try {
            store.save(snapshot.get());
            stale = false;
        } catch (IOException | RuntimeException e) {
            stale = true;
            log.error("failed to persist metadata to {} - {}", store.file(), e.toString());
        }
        write.complete(null);
    }

    /** Finishes the writes requested so far. */
    @Override
    public void close() {
        requestWrite().join();
        thread.shutdown();
    }
}
