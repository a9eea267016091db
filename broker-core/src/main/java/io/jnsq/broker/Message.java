package io.jnsq.broker;

/**
 * One message as a topic or channel holds it. Each channel gets its own instance (sharing id, body and
 * timestamp) because attempts and in-flight state are per channel. The body array is the message's
 * one real allocation; it is never copied between channels.
 *
 * <p>The mutable fields are guarded by the lock of the channel that holds the instance.
 */
public final class Message {

    private final long id;
    private final byte[] body;
    private final long timestamp;
    private int attempts;
    private long deferNanos;

    /** No backend record stands behind this instance (it came from memory or was stored anew). */
    static final long NO_TOKEN = -1;

    /** The channel backend's record this instance was read from, acknowledged once it is done with. */
    long backendToken = NO_TOKEN;

    // Where the message waits inside its channel: in flight (owner set) or deferred (owner null).
    Consumer owner;
    long deliveredAtNanos;
    long deadlineNanos;
    int queueIndex = -1;
    /** In flight in a lane of the channel's {@link InFlightQueue}, between these two. */
    InFlightQueue.Lane lane;
    Message previousInLane;
    Message nextInLane;

    public Message(long id, byte[] body, long timestamp) {
        this(id, body, timestamp, 0);
    }

    public Message(long id, byte[] body, long timestamp, int attempts) {
        this.id = id;
        this.body = body;
        this.timestamp = timestamp;
        this.attempts = attempts;
    }

    public long id() {
        return id;
    }

    public byte[] body() {
        return body;
    }

    /** Publish time, Unix nanoseconds. */
    public long timestamp() {
        return timestamp;
    }

    /** Deliveries so far, this one included once it is sent (the first delivery carries 1). */
    public int attempts() {
        return attempts;
    }

    /** How long a deferred publish (DPUB, {@code /pub?defer=}) waits in each channel; 0 for none. */
    public long deferNanos() {
        return deferNanos;
    }

    public Message deferFor(long nanos) {
        this.deferNanos = nanos;
        return this;
    }

    /** A copy for another channel: same id, body and timestamp; fresh channel state. */
    Message copyForChannel() {
        return new Message(id, body, timestamp, attempts).deferFor(deferNanos);
    }

    void countAttempt() {
        attempts = Math.min(attempts + 1, 0xffff);
    }
}
