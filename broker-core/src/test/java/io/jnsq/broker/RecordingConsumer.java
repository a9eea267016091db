package io.jnsq.broker;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** A consumer that keeps everything it is given, for inspection: the domain's own collaborator, not a mock. */
final class RecordingConsumer extends InProcessConsumer {

    private static final AtomicLong IDS = new AtomicLong();

    /** Deliveries may come from the broker's worker threads (messages read back from disk). */
    final List<Message> delivered = Collections.synchronizedList(new ArrayList<>());

    RecordingConsumer(long ready) {
        super(IDS.incrementAndGet(), ready, 60_000_000_000L);
    }

    @Override
    public void deliver(Message message) {
        delivered.add(message);
    }

    Message last() {
        synchronized (delivered) {
            return delivered.get(delivered.size() - 1);
        }
    }
}
