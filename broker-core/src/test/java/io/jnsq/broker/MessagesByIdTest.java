package io.jnsq.broker;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

class MessagesByIdTest {

    @Test
    void behavesLikeAMapUnderRandomAddsAndRemoves() {
        MessagesById map = new MessagesById();
        Map<Long, Message> reference = new HashMap<>();
        Random random = new Random(42);
        long base = 0x18a75b4688a69000L; // ids share their high bits, as generated ones do
        for (int step = 0; step < 200_000; step++) {
            long id = base + random.nextInt(5_000) * (random.nextBoolean() ? 1 : 4096);
            if (random.nextInt(3) > 0) {
                Message message = new Message(id, new byte[0], 0);
                assertSame(reference.putIfAbsent(id, message), map.putIfAbsent(id, message));
            } else {
                assertSame(reference.remove(id), map.remove(id));
            }
            assertEquals(reference.size(), map.size());
        }
        reference.forEach((id, message) -> assertSame(message, map.get(id)));
        reference.keySet().forEach(map::remove);
        assertEquals(0, map.size());
        assertNull(map.get(base));
    }

    @Test
    void shrinksAfterABurstAndStillFindsWhatRemains() {
        MessagesById map = new MessagesById();
        for (long id = 1; id <= 100_000; id++) {
            map.putIfAbsent(id, new Message(id, new byte[0], 0));
        }
        for (long id = 1; id <= 99_990; id++) {
            map.remove(id);
        }
        for (long id = 99_991; id <= 100_000; id++) {
            assertEquals(id, map.get(id).id());
        }
        map.clear();
        assertEquals(0, map.size());
        assertNull(map.get(100_000));
    }
}
