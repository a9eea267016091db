package io.jnsq.broker.queue;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DiscardingBackendQueueTest {

    @Test
    void acceptsAndDropsEverything() {
        DiscardingBackendQueue queue = new DiscardingBackendQueue();

        assertTrue(queue.append(List.of(new byte[30], new byte[0])).isDone());
        assertEquals(0, queue.depth());
        assertNull(queue.take());
        assertTrue(queue.empty().isDone());
        queue.close();
        assertTrue(queue.delete().isDone());
        assertNull(queue.take());
    }
}
