package io.jnsq.broker;

import io.jnsq.broker.queue.BackendQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Graceful shutdown's write of the messages a topic or channel held outside its backend. They go in
 * batches, one backend write each: a deep memory queue holds millions of messages, and one write(2)
 * per message made shutdown outlast any stop timeout. Shutdown may wait for the disk: it runs on the
 * closing thread, never on an event loop.
 */
final class ShutdownFlush {

    private static final Logger log = LoggerFactory.getLogger(ShutdownFlush.class);
    private static final int BATCH_MESSAGES = 1024;

    private final BackendQueue backend;
    private final String owner;
    private final Consumer<Message> written;
    private final List<Message> messages = new ArrayList<>(BATCH_MESSAGES);
    private final List<byte[]> records = new ArrayList<>(BATCH_MESSAGES);

    /** @param written called for each message once its record is stored */
    ShutdownFlush(BackendQueue backend, String owner, Consumer<Message> written) {
        this.backend = backend;
        this.owner = owner;
        this.written = written;
    }

    void add(Message message) {
        messages.add(message);
        records.add(MessageCodec.encode(message));
        if (messages.size() == BATCH_MESSAGES) {
            finish();
        }
    }

    /** Writes what is batched; call once after the last {@link #add}. */
    void finish() {
        if (messages.isEmpty()) {
            return;
        }
        try {
            backend.append(new ArrayList<>(records)).join();
            messages.forEach(written);
        } catch (RuntimeException e) {
            log.error("{}: failed to write {} messages to backend - {}", owner, messages.size(), Stored.cause(e).getMessage());
        }
        messages.clear();
        records.clear();
    }
}
