package io.jnsq.broker;

import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MemoryQueueTest {

    @Test
    void givesBackEveryFieldInOrderAcrossChunkBoundaries() {
        MemoryQueue queue = new MemoryQueue();
        ArrayDeque<Message> expected = new ArrayDeque<>();
        Random random = new Random(7);
        long id = 0x18a75b4688a69000L;
        for (int step = 0; step < 100_000; step++) {
            if (random.nextInt(5) < 3) {
                // sizes around and beyond the first chunks' sizes, so records meet every kind of chunk end
                int size = random.nextInt(10) == 0 ? random.nextInt(40_000) : 1 + random.nextInt(300);
                byte[] body = new byte[size];
                random.nextBytes(body);
                Message message = new Message(id++, body, random.nextLong(), random.nextInt(0x10000))
                        .deferFor(random.nextBoolean() ? 0 : random.nextLong() & Long.MAX_VALUE);
                queue.addLast(message);
                expected.addLast(message);
            } else {
                assertSame(expected.pollFirst(), queue.pollFirst());
            }
            assertEquals(expected.size(), queue.size());
        }
        while (!expected.isEmpty()) {
            assertSame(expected.pollFirst(), queue.pollFirst());
        }
        assertTrue(queue.isEmpty());
        assertNull(queue.pollFirst());
    }

    @Test
    void aRecordLargerThanAChunkGetsItsOwn() {
        MemoryQueue queue = new MemoryQueue();
        Message small = new Message(1, new byte[] {1}, 10);
        Message huge = new Message(2, new byte[MemoryQueue.MAX_CHUNK_BYTES + 1], 20);
        queue.addLast(small);
        queue.addLast(huge);
        queue.addLast(small);
        assertSame(small, queue.pollFirst());
        assertSame(huge, queue.pollFirst());
        assertSame(small, queue.pollFirst());
    }

    @Test
    void clearEmptiesAndTheQueueWorksAfterwards() {
        MemoryQueue queue = new MemoryQueue();
        for (int i = 0; i < 1000; i++) {
            queue.addLast(new Message(i, new byte[100], i));
        }
        queue.clear();
        assertEquals(0, queue.size());
        assertNull(queue.pollFirst());
        queue.addLast(new Message(5, new byte[] {9}, 6, 2));
        assertSame(new Message(5, new byte[] {9}, 6, 2), queue.pollFirst());
    }

    /** The same message as far as a consumer can tell (a fresh instance comes back). */
    private static void assertSame(Message expected, Message actual) {
        assertEquals(expected.id(), actual.id());
        assertEquals(expected.timestamp(), actual.timestamp());
        assertEquals(expected.attempts(), actual.attempts());
        assertEquals(expected.deferNanos(), actual.deferNanos());
        assertArrayEquals(expected.body(), actual.body());
    }
}
