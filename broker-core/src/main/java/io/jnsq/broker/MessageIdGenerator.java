package io.jnsq.broker;

/**
 * nsqd's message ids: 42 bits of time in 2^20 ns ticks since nsqd's epoch, 10 bits of node id and a
 * 12-bit sequence, shown as 16 hex digits.
 *
 * <p>Unlike nsqd, which fails (and makes the publisher sleep and retry) when the clock goes backwards or
 * a tick's 4096 ids run out, this generator keeps a logical tick that never moves backwards and borrows
 * the next tick when a sequence is used up: ids stay unique and increasing and publishing never stalls.
 */
public final class MessageIdGenerator {

    private static final long EPOCH_TICKS = 1288834974288L;
    private static final int NODE_SHIFT = 12;
    private static final int TIME_SHIFT = 22;
    private static final long SEQUENCE_MASK = (1L << NODE_SHIFT) - 1;

    private final long nodeBits;
    private final WallClock clock;
    private long lastTick;
    private long sequence;

    public MessageIdGenerator(int nodeId) {
        this(nodeId, MessageIdGenerator::unixNanos);
    }

    MessageIdGenerator(int nodeId, WallClock clock) {
        if (nodeId < 0 || nodeId >= 1024) {
            throw new IllegalArgumentException("node id must be [0,1024), got " + nodeId);
        }
        this.nodeBits = (long) nodeId << NODE_SHIFT;
        this.clock = clock;
    }

    public long next() {
        return next(clock.nanos());
    }

    /** The wall clock this generator reads, Unix nanoseconds: one reading can stamp a whole batch. */
    public long clockNanos() {
        return clock.nanos();
    }

    /** Ids for a batch published at {@code unixNanos}, in order, taken under one lock. */
    public synchronized void next(long unixNanos, long[] into) {
        for (int i = 0; i < into.length; i++) {
            into[i] = next(unixNanos);
        }
    }

    /** An id for a message published at {@code unixNanos} (a reading of {@link #clockNanos()}). */
    public synchronized long next(long unixNanos) {
        long tick = unixNanos >> 20;
        if (tick > lastTick) {
            lastTick = tick;
            sequence = 0;
        } else if (++sequence > SEQUENCE_MASK) {
            lastTick++;
            sequence = 0;
        }
        return (lastTick - EPOCH_TICKS) << TIME_SHIFT | nodeBits | sequence;
    }

    /** Wall-clock now in Unix nanoseconds: message timestamps and the latency measured against them. */
    static long unixNanos() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    /** Wall-clock time in Unix nanoseconds; replaceable in tests to move the clock backwards. */
    @FunctionalInterface
    interface WallClock {
        long nanos();
    }
}
