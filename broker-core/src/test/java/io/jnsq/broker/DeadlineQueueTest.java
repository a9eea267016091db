package io.jnsq.broker;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

class DeadlineQueueTest {

    @Test
    void randomAddsRemovesAndReschedulesMatchAPlainSortedList() {
        Random random = new Random(42);
        DeadlineQueue queue = new DeadlineQueue();
        List<Message> reference = new ArrayList<>();
        for (int step = 0; step < 20_000; step++) {
            int action = random.nextInt(10);
            if (action < 5 || reference.isEmpty()) {
                Message message = new Message(step, new byte[0], 0);
                queue.add(message, random.nextInt(1000));
                reference.add(message);
            } else if (action < 7) {
                Message message = reference.remove(random.nextInt(reference.size()));
                queue.remove(message);
                assertEquals(-1, message.queueIndex);
            } else if (action < 8) {
                queue.reschedule(reference.get(random.nextInt(reference.size())), random.nextInt(1000));
            } else {
                long now = random.nextInt(1000);
                reference.sort(Comparator.comparingLong(m -> m.deadlineNanos));
                Message expired = queue.pollExpired(now);
                if (reference.get(0).deadlineNanos <= now) {
                    assertEquals(reference.get(0).deadlineNanos, expired.deadlineNanos);
                    reference.remove(expired);
                } else {
                    assertNull(expired);
                }
            }
            assertEquals(reference.size(), queue.size());
        }
    }

    @Test
    void expiredComeOutEarliestFirst() {
        DeadlineQueue queue = new DeadlineQueue();
        Message late = new Message(1, new byte[0], 0);
        Message early = new Message(2, new byte[0], 0);
        queue.add(late, 200);
        queue.add(early, 100);
        assertNull(queue.pollExpired(99));
        assertSame(early, queue.pollExpired(250));
        assertSame(late, queue.pollExpired(250));
        assertNull(queue.pollExpired(Long.MAX_VALUE));
    }
}
