package io.jnsq.junit;

import io.jnsq.nsqd.LocalClient;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Waits, within a deadline, for what a service under test did to the broker to show: messages arriving on
 * a channel, a depth reached. A channel waited on is created first, so it receives what is published
 * from then on (and, on a topic that had no channel yet, what the topic held).
 */
public final class NsqdAwait {

    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

    private final LocalClient local;
    private final Duration timeout;

    NsqdAwait(LocalClient local) {
        this(local, DEFAULT_TIMEOUT);
    }

    private NsqdAwait(LocalClient local, Duration timeout) {
        this.local = local;
        this.timeout = timeout;
    }

    /** The same waits with another deadline than the default 10 s. */
    public NsqdAwait atMost(Duration deadline) {
        return new NsqdAwait(local, deadline);
    }

    /**
     * Waits for {@code count} messages on the channel, then takes and finishes them.
     *
     * @return their bodies, in delivery order
     * @throws AssertionError when fewer arrived in time
     */
    public List<byte[]> messages(String topic, String channel, int count) {
        local.createChannel(topic, channel);
        List<byte[]> taken = new ArrayList<>(count);
        until(() -> {
            taken.addAll(local.drain(topic, channel, count - taken.size(), Duration.ZERO));
            return taken.size() >= count;
        }, () -> count + " message(s) on " + topic + "/" + channel + ", got " + taken.size());
        return taken;
    }

    /** Waits for one message on the channel, takes and finishes it, and returns its body as UTF-8 text. */
    public String message(String topic, String channel) {
        return new String(messages(topic, channel, 1).get(0), StandardCharsets.UTF_8);
    }

    /** Waits until the channel holds at least {@code depth} messages (queued, not in flight). */
    public void depth(String topic, String channel, long depth) {
        until(() -> local.depth(topic, channel) >= depth,
                () -> "depth " + depth + " on " + topic + "/" + channel + ", it is " + local.depth(topic, channel));
    }

    /** Waits until the topic itself holds at least {@code depth} messages (it has no channel yet, or is paused). */
    public void depth(String topic, long depth) {
        until(() -> local.depth(topic) >= depth, () -> "depth " + depth + " on topic " + topic + ", it is " + local.depth(topic));
    }

    private void until(BooleanSupplier condition, java.util.function.Supplier<String> expected) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("waited " + timeout.toMillis() + " ms for " + expected.get());
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
    }
}
