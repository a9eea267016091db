package io.jnsq.broker;

import java.util.Arrays;

/**
 * Messages ordered by a deadline (in-flight timeout or deferred due time) in a binary min-heap that
 * keeps each message's index, so FIN, TOUCH and REQ remove or move one message in O(log n) instead of
 * leaving dead entries behind. A channel has two: in flight and deferred; a message is in at most one.
 * Not thread-safe: guarded by the channel's lock.
 */
final class DeadlineQueue {

    private Message[] heap = new Message[16];
    private int size;

    int size() {
        return size;
    }

    void add(Message message, long deadlineNanos) {
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
        }
        message.deadlineNanos = deadlineNanos;
        message.queueIndex = size;
        heap[size++] = message;
        siftUp(message.queueIndex);
    }

    void remove(Message message) {
        int index = message.queueIndex;
        int last = --size;
        if (index != last) {
            move(heap[last], index);
            heap[last] = null;
            if (!siftUp(index)) {
                siftDown(index);
            }
        } else {
            heap[last] = null;
        }
        message.queueIndex = -1;
    }

    void reschedule(Message message, long deadlineNanos) {
        remove(message);
        add(message, deadlineNanos);
    }

    /** Removes and returns the earliest message if its deadline is at or before {@code nowNanos}. */
    Message pollExpired(long nowNanos) {
        if (size == 0 || heap[0].deadlineNanos - nowNanos > 0) {
            return null;
        }
        Message first = heap[0];
        remove(first);
        return first;
    }

    /** Removes everything, handing each message to {@code sink} in no particular order. */
    void drainTo(java.util.function.Consumer<Message> sink) {
        for (int i = 0; i < size; i++) {
            Message message = heap[i];
            heap[i] = null;
            message.queueIndex = -1;
            sink.accept(message);
        }
        size = 0;
    }

    private boolean siftUp(int index) {
        Message moving = heap[index];
        int start = index;
        while (index > 0) {
            int parent = (index - 1) >>> 1;
            if (heap[parent].deadlineNanos - moving.deadlineNanos <= 0) {
                break;
            }
            move(heap[parent], index);
            index = parent;
        }
        move(moving, index);
        return index != start;
    }

    private void siftDown(int index) {
        Message moving = heap[index];
        while (true) {
            int child = 2 * index + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && heap[child + 1].deadlineNanos - heap[child].deadlineNanos < 0) {
                child++;
            }
            if (moving.deadlineNanos - heap[child].deadlineNanos <= 0) {
                break;
            }
            move(heap[child], index);
            index = child;
        }
        move(moving, index);
    }

    private void move(Message message, int index) {
        heap[index] = message;
        message.queueIndex = index;
    }
}
