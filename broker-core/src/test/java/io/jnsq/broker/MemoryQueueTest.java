package io.jnsq.broker;

import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
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
        Message huge = new Message(2, new byte[ChunkSizes.MAX_CHUNK_BYTES + 1], 20);
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

    @Test
    void queuesSharingBodiesGiveBackTheirOwnMessagesInOrder() {
        SharedBodies shared = new SharedBodies();
        MemoryQueue[] queues = {new MemoryQueue(), new MemoryQueue(), new MemoryQueue()};
        List<ArrayDeque<Message>> expected = List.of(new ArrayDeque<>(), new ArrayDeque<>(), new ArrayDeque<>());
        Random random = new Random(11);
        long id = 1;
        for (int step = 0; step < 50_000; step++) {
            int action = random.nextInt(10);
            if (action < 4) {
                // a batch for every queue, its bodies written once; sizes crossing the shared arrays' ends
                List<Message> batch = new ArrayList<>();
                for (int n = 1 + random.nextInt(5); n > 0; n--) {
                    byte[] body = new byte[random.nextInt(20) == 0 ? random.nextInt(20_000) : random.nextInt(300)];
                    random.nextBytes(body);
                    batch.add(new Message(id++, body, random.nextLong(), random.nextInt(0x10000)));
                }
                if (random.nextInt(50) == 0) {
                    shared.restartSmall();
                }
                SharedBodies.Slices slices = shared.copy(batch);
                for (int q = 0; q < queues.length; q++) {
                    for (int i = 0; i < batch.size(); i++) {
                        queues[q].addLastShared(batch.get(i), slices.chunk(i), slices.offset(i));
                        expected.get(q).addLast(batch.get(i));
                    }
                }
            } else if (action == 4) {
                // a message of the queue's own among the shared ones (a requeue, a backend read)
                int q = random.nextInt(queues.length);
                Message own = new Message(id++, new byte[] {(byte) q}, step);
                queues[q].addLast(own);
                expected.get(q).addLast(own);
            } else {
                int q = random.nextInt(queues.length);
                Message next = expected.get(q).pollFirst();
                if (next == null) {
                    assertNull(queues[q].pollFirst());
                } else {
                    assertSame(next, queues[q].pollFirst());
                }
            }
        }
        for (int q = 0; q < queues.length; q++) {
            for (Message next; (next = expected.get(q).pollFirst()) != null; ) {
                assertSame(next, queues[q].pollFirst());
            }
            assertTrue(queues[q].isEmpty());
        }
    }

    @Test
    void sharedRecordsMoveWithTakeAllFromAndGoWithClear() {
        SharedBodies shared = new SharedBodies();
        List<Message> batch = List.of(new Message(1, new byte[] {1, 2}, 3), new Message(2, new byte[] {4}, 5, 6));
        SharedBodies.Slices slices = shared.copy(batch);
        MemoryQueue from = new MemoryQueue();
        for (int i = 0; i < batch.size(); i++) {
            from.addLastShared(batch.get(i), slices.chunk(i), slices.offset(i));
        }
        MemoryQueue to = new MemoryQueue();
        to.takeAllFrom(from);
        assertTrue(from.isEmpty());
        assertSame(batch.get(0), to.pollFirst());
        to.clear();
        assertNull(to.pollFirst());
        SharedBodies.Slices again = shared.copy(batch);
        to.addLastShared(batch.get(1), again.chunk(1), again.offset(1));
        assertSame(batch.get(1), to.pollFirst());
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
