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
    private int size;

    int size() {
        return size;
    }

    Message get(long id) {
        int mask = keys.length - 1;
        for (int slot = slotOf(id, mask); values[slot] != null; slot = (slot + 1) & mask) {
            if (keys[slot] == id) {
                return values[slot];
            }
        }
        return null;
    }

    /** Stores {@code message} unless {@code id} is present; answers the present one, or {@code null}. */
    Message putIfAbsent(long id, Message message) {
        int mask = keys.length - 1;
        int slot = slotOf(id, mask);
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
        for (int slot = slotOf(id, mask); values[slot] != null; slot = (slot + 1) & mask) {
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
            int home = slotOf(keys[slot], mask);
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
        int mask = capacity - 1;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldValues[i] != null) {
                int slot = slotOf(oldKeys[i], mask);
                while (values[slot] != null) {
                    slot = (slot + 1) & mask;
                }
                keys[slot] = oldKeys[i];
                values[slot] = oldValues[i];
            }
        }
    }

    /** Ids share their high (time) bits; a multiplicative mix spreads the low-order sequence over slots. */
    private static int slotOf(long id, int mask) {
        long mixed = id * 0x9E3779B97F4A7C15L;
        return (int) (mixed ^ mixed >>> 32) & mask;
    }
}
