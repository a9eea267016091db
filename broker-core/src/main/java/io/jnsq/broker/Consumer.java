package io.jnsq.broker;

/**
 * A subscribed connection as its channel sees it. The V2 protocol implements it; the channel decides
 * when a consumer may take another message and calls {@link #deliver} under the channel's lock.
 */
public interface Consumer {

    /** Process-wide connection id. */
    long clientId();

    /** The last RDY count: the most messages this consumer may hold in flight. */
    long readyCount();

    /** False while the connection's outbound buffer is full: back-pressure from a slow reader. */
    boolean writable();

    /** 0 for every message, else the percentage (1..99) of messages this consumer samples. */
    int sampleRate();

    /** How long a message delivered to this consumer may stay in flight. */
    long msgTimeoutNanos();

    /** Counters the channel keeps for this consumer (in flight, delivered, finished, requeued). */
    ConsumerCounters counters();

    /**
     * Hands a message over; it is already in flight under this consumer. Called with the channel's lock
     * held, from any thread: implementations only enqueue, never block or call back into the channel.
     */
    void deliver(Message message);

    /** The channel was deleted: close the connection (nsqd closes consumers without an error frame). */
    void channelDeleted();
}
