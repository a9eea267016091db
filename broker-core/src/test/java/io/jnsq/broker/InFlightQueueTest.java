package io.jnsq.broker;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InFlightQueueTest {

    @Test
    void givesBackExactlyTheExpiredMessagesWhateverMixOfTimeoutsAndTouches() {
        InFlightQueue queue = new InFlightQueue();
        Map<Message, Long> deadlines = new HashMap<>();
        List<Message> present = new ArrayList<>();
        Random random = new Random(5);
        // more distinct timeouts than lanes, so some go to the heap from the start
        long[] timeouts = new long[InFlightQueue.MAX_LANES + 3];
        for (int i = 0; i < timeouts.length; i++) {
            timeouts[i] = 1_000 + 250L * i;
        }
        long now = 0;
        long id = 0;
        for (int step = 0; step < 200_000; step++) {
            now += random.nextInt(20);
            int action = random.nextInt(10);
            if (action < 4 || present.isEmpty()) {
                Message message = new Message(id++, new byte[0], now);
                long timeout = timeouts[random.nextInt(random.nextBoolean() ? 2 : timeouts.length)];
                queue.add(message, now + timeout, timeout);
                deadlines.put(message, now + timeout);
                present.add(message);
            } else if (action < 6) {
                Message message = present.remove(random.nextInt(present.size()));
                queue.remove(message);
                deadlines.remove(message);
            } else if (action < 7) {
                // a touch, sometimes capped below what the lane's order allows
                Message message = present.get(random.nextInt(present.size()));
                long timeout = timeouts[random.nextInt(2)];
                long deadline = random.nextBoolean() ? now + timeout : now + random.nextInt(500);
                queue.reschedule(message, deadline, timeout);
                deadlines.put(message, deadline);
            } else {
                Set<Message> expired = new HashSet<>();
                for (Map.Entry<Message, Long> entry : deadlines.entrySet()) {
                    if (entry.getValue() <= now) {
                        expired.add(entry.getKey());
                    }
                }
                for (Message polled; (polled = queue.pollExpired(now)) != null; ) {
                    assertTrue(expired.remove(polled), "polled a message not yet due");
                    deadlines.remove(polled);
                    present.remove(polled);
                }
                assertTrue(expired.isEmpty(), "left due messages behind");
            }
            assertEquals(present.size(), queue.size());
        }
        List<Message> drained = new ArrayList<>();
        queue.drainTo(drained::add);
        assertEquals(new HashSet<>(present), new HashSet<>(drained));
        assertEquals(0, queue.size());
        assertNull(queue.pollExpired(Long.MAX_VALUE));
    }
}
