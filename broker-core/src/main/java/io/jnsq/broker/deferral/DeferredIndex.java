package io.jnsq.broker.deferral;

import java.util.Arrays;

/**
 * What the heap keeps of each deferred message whose body waits on disk: its due time and where its
 * record is, 16 bytes in two parallel {@code long[]}s ordered as a binary min-heap by due time. No
 * object per message: millions of deferred messages cost a few arrays, which the collector never
 * traces into. (The id and attempts are in the record on disk.)
 *
 * <p>Arrays grow by half (not double), so the slack a large index carries stays near a quarter, and
 * shrink when three quarters are unused. Not thread-safe: the store's lock guards it.
 */
final class DeferredIndex {

    private static final int MIN_CAPACITY = 16;

    private long[] dues = new long[MIN_CAPACITY];
    private long[] locations = new long[MIN_CAPACITY];
    private int size;

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** Slots allocated, for the memory figures in tests. */
    int capacity() {
        return dues.length;
    }

    void add(long dueNanos, long location) {
        append(dueNanos, location);
        siftUp(size - 1);
    }

    /**
     * Adds without restoring heap order: restoring millions of entries at startup costs O(n) with one
     * {@link #heapify} at the end rather than O(n log n).
     */
    void append(long dueNanos, long location) {
        if (size == dues.length) {
            resize(dues.length + (dues.length >> 1));
        }
        dues[size] = dueNanos;
        locations[size] = location;
        size++;
    }

    void heapify() {
        for (int i = (size >>> 1) - 1; i >= 0; i--) {
            siftDown(i);
        }
    }

    /** Due time of the earliest entry; only when not empty. */
    long firstDue() {
        return dues[0];
    }

    /** Location of the earliest entry; only when not empty. */
    long firstLocation() {
        return locations[0];
    }

    void removeFirst() {
        size--;
        dues[0] = dues[size];
        locations[0] = locations[size];
        if (size > 0) {
            siftDown(0);
        }
        if (size < dues.length >> 2 && dues.length > MIN_CAPACITY) {
            resize(Math.max(MIN_CAPACITY, dues.length >> 1));
        }
    }

    private void siftUp(int index) {
        long due = dues[index];
        long location = locations[index];
        while (index > 0) {
            int parent = (index - 1) >>> 1;
            if (dues[parent] - due <= 0) {
                break;
            }
            dues[index] = dues[parent];
            locations[index] = locations[parent];
            index = parent;
        }
        dues[index] = due;
        locations[index] = location;
    }

    private void siftDown(int index) {
        long due = dues[index];
        long location = locations[index];
        while (true) {
            int child = 2 * index + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && dues[child + 1] - dues[child] < 0) {
                child++;
            }
            if (due - dues[child] <= 0) {
                break;
            }
            dues[index] = dues[child];
            locations[index] = locations[child];
            index = child;
        }
        dues[index] = due;
        locations[index] = location;
    }

    private void resize(int capacity) {
        dues = Arrays.copyOf(dues, capacity);
        locations = Arrays.copyOf(locations, capacity);
    }
}
