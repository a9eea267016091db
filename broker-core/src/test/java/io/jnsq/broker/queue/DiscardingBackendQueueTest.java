package io.jnsq.broker.queue;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class DiscardingBackendQueueTest {

    @Test
    void acceptsAndDropsEverything() {
        DiscardingBackendQueue queue = new DiscardingBackendQueue();

        queue.put(new byte[30]);
        queue.put(new byte[0]);
        assertEquals(0, queue.depth());
        assertNull(queue.poll());
        queue.empty();
        queue.close();
        queue.delete();
        assertNull(queue.poll());
    }
}
