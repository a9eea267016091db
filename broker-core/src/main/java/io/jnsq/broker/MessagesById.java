package io.jnsq.broker;

/**
 * A channel's messages by id (in flight, or deferred). Open addressing on primitive {@code long} keys:
 * every delivery adds an entry and every FIN removes one, and a {@code HashMap<Long, Message>} would
 * allocate a boxed key and a node for each.
 *
 * <p>Linear probing with backward-shift deletion (no tombstones); the table doubles above half full
 * and halves below an eighth, so a burst of in-flight messages does not pin its memory forever.
 * Not thread-safe: the owning channel's lock guards it.
 */
final class MessagesById {

    private static final int MIN_CAPACITY = 16;

    private long[] keys = new long[MIN_CAPACITY];
    private Message[] values = new Message[MIN_CAPACITY];
    /** 64 minus log2 of the capacity: a slot is the top bits of the key's Fibonacci hash. */
    private int shift = Long.numberOfLeadingZeros(MIN_CAPACITY - 1);
    private int size;

    int size() {
        return size;
    }

    Message get(long id) {
        int mask = keys.length - 1;
        for (int slot = slotOf(id); values[slot] != null; slot = (slot + 1) & mask) {
            if (keys[slot] == id) {
                return values[slot];
            }
        }
        return null;
    }

    /** Stores {@code message} unless {@code id} is present; answers the present one, or {@code null}. */
    Message putIfAbsent(long id, Message message) {
        int mask = keys.length - 1;
        int slot = slotOf(id);
        for (; values[slot] != null; slot = (slot + 1) & mask) {
            if (keys[slot] == id) {
                return values[slot];
            }
        }
        keys[slot] = id;
        values[slot] = message;
        if (++size > keys.length / 2) {
            resize(keys.length * 2);
        }
        return null;
    }

    Message remove(long id) {
        int mask = keys.length - 1;
        for (int slot = slotOf(id); values[slot] != null; slot = (slot + 1) & mask) {
            if (keys[slot] == id) {
                Message removed = values[slot];
                closeGap(slot, mask);
                if (--size < keys.length / 8 && keys.length > MIN_CAPACITY) {
                    resize(keys.length / 2);
                }
                return removed;
            }
        }
        return null;
    }

    void clear() {
        keys = new long[MIN_CAPACITY];
        values = new Message[MIN_CAPACITY];
        shift = Long.numberOfLeadingZeros(MIN_CAPACITY - 1);
        size = 0;
    }

    /** Moves later entries of the probe run into the freed slot so that every lookup still finds them. */
    private void closeGap(int free, int mask) {
        int slot = free;
        while (true) {
            slot = (slot + 1) & mask;
            Message moving = values[slot];
            if (moving == null) {
                break;
            }
            int home = slotOf(keys[slot]);
            // the entry may move back only if its home is not inside (free, slot]
            boolean homeInGap = free <= slot ? free < home && home <= slot : free < home || home <= slot;
            if (!homeInGap) {
                keys[free] = keys[slot];
                values[free] = moving;
                free = slot;
            }
        }
        values[free] = null;
    }

    private void resize(int capacity) {
        long[] oldKeys = keys;
        Message[] oldValues = values;
        keys = new long[capacity];
        values = new Message[capacity];
        shift = Long.numberOfLeadingZeros(capacity - 1);
        int mask = capacity - 1;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldValues[i] != null) {
                int slot = slotOf(oldKeys[i]);
                while (values[slot] != null) {
                    slot = (slot + 1) & mask;
                }
                keys[slot] = oldKeys[i];
                values[slot] = oldValues[i];
            }
        }
    }

    /** Fibonacci hashing: consecutive ids (a tick's sequence numbers) land far apart. */
    private int slotOf(long id) {
        return (int) ((id * 0x9E3779B97F4A7C15L) >>> shift);
    }
}
