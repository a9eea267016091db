package io.jnsq.broker;

/**
 * A channel's in-flight messages ordered by timeout deadline. Messages sent to consumers with the same
 * msg timeout come due in the order they were sent, so each distinct timeout keeps a lane: a list
 * linked through the messages themselves, in deadline order. Adding at a lane's tail and removing any
 * message are O(1), and the earliest deadline is at the head of one of a few lanes. A deadline that
 * would break its lane's order (a TOUCH capped by {@code --max-msg-timeout}), or a timeout beyond
 * {@link #MAX_LANES} distinct ones, goes to a {@link DeadlineQueue} instead.
 *
 * <p>Why not the heap alone: a FIN mostly removes the oldest message, the heap's root, and the sift down
 * that follows touched a dozen messages scattered over the heap: 10 % of the event loops' time while
 * nsq's bench_reader drained a channel. Not thread-safe: the channel's lock guards it.
 */
final class InFlightQueue {

    /** Consumers of one channel rarely use more than a couple of distinct msg timeouts. */
    static final int MAX_LANES = 8;

    private final Lane[] lanes = new Lane[MAX_LANES];
    private int laneCount;
    private int inLanes;
    private final DeadlineQueue irregular = new DeadlineQueue();

    int size() {
        return inLanes + irregular.size();
    }

    /** @param timeoutNanos the consumer's msg timeout, which picks the lane */
    void add(Message message, long deadlineNanos, long timeoutNanos) {
        Lane lane = laneFor(timeoutNanos);
        if (lane != null && (lane.tail == null || lane.tail.deadlineNanos - deadlineNanos <= 0)) {
            lane.append(message, deadlineNanos);
            inLanes++;
        } else {
            irregular.add(message, deadlineNanos);
        }
    }

    void remove(Message message) {
        Lane lane = message.lane;
        if (lane != null) {
            lane.unlink(message);
            inLanes--;
        } else {
            irregular.remove(message);
        }
    }

    void reschedule(Message message, long deadlineNanos, long timeoutNanos) {
        remove(message);
        add(message, deadlineNanos, timeoutNanos);
    }

    /** Removes and returns a message whose deadline is at or before {@code nowNanos}, or {@code null}. */
    Message pollExpired(long nowNanos) {
        for (int i = 0; i < laneCount; i++) {
            Message head = lanes[i].head;
            if (head != null && head.deadlineNanos - nowNanos <= 0) {
                remove(head);
                return head;
            }
        }
        return irregular.pollExpired(nowNanos);
    }

    /** Removes everything, handing each message to {@code sink} in no particular order. */
    void drainTo(java.util.function.Consumer<Message> sink) {
        for (int i = 0; i < laneCount; i++) {
            for (Message message; (message = lanes[i].head) != null; ) {
                remove(message);
                sink.accept(message);
            }
        }
        irregular.drainTo(sink);
    }

    /** The lane of this timeout, an empty one given to it, or a new one; {@code null} when all are taken. */
    private Lane laneFor(long timeoutNanos) {
        Lane empty = null;
        for (int i = 0; i < laneCount; i++) {
            Lane lane = lanes[i];
            if (lane.timeoutNanos == timeoutNanos) {
                return lane;
            }
            if (empty == null && lane.head == null) {
                empty = lane;
            }
        }
        if (empty != null) {
            empty.timeoutNanos = timeoutNanos;
            return empty;
        }
        if (laneCount < MAX_LANES) {
            Lane lane = new Lane(timeoutNanos);
            lanes[laneCount++] = lane;
            return lane;
        }
        return null;
    }

    /** Messages of one msg timeout, earliest deadline first. */
    static final class Lane {
        private long timeoutNanos;
        private Message head;
        private Message tail;

        private Lane(long timeoutNanos) {
            this.timeoutNanos = timeoutNanos;
        }

        private void append(Message message, long deadlineNanos) {
            message.deadlineNanos = deadlineNanos;
            message.lane = this;
            message.previousInLane = tail;
            message.nextInLane = null;
            if (tail == null) {
                head = message;
            } else {
                tail.nextInLane = message;
            }
            tail = message;
        }

        private void unlink(Message message) {
            Message previous = message.previousInLane;
            Message next = message.nextInLane;
            if (previous == null) {
                head = next;
            } else {
                previous.nextInLane = next;
            }
            if (next == null) {
                tail = previous;
            } else {
                next.previousInLane = previous;
            }
            message.lane = null;
            message.previousInLane = null;
            message.nextInLane = null;
        }
    }
}
