package io.jnsq.broker;

import io.jnsq.protocol.message.MessageId;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MessageIdGeneratorTest {

    @Test
    void idsCarryTheNodeIdAndRenderAsSixteenHexDigits() {
        long id = new MessageIdGenerator(617).next();
        assertEquals(617, (id >>> 12) & 0x3ff);
        assertTrue(MessageId.toString(id).matches("[0-9a-f]{16}"));
    }

    @Test
    void firstIdOfATickMatchesAnIdNsqdMade() {
        // nsqd's 18a75b4688a69000 (node 617, sequence 0) encodes the 2^20 ns tick starting at this instant
        long id = new MessageIdGenerator(617, () -> 1_795_563_656_128_233_472L).next();
        assertEquals("18a75b4688a69000", MessageId.toString(id));
    }

    @Test
    void idsAreUniqueAndIncreasingEvenWhenATickRunsOutOfSequence() {
        MessageIdGenerator ids = new MessageIdGenerator(1, () -> 1_700_000_000_000_000_000L);
        long previous = -1;
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < 20_000; i++) {
            long id = ids.next();
            assertTrue(id > previous, "not increasing at " + i);
            assertTrue(seen.add(id));
            previous = id;
        }
    }

    @Test
    void aClockGoingBackwardsNeverRepeatsAnId() {
        AtomicLong nanos = new AtomicLong(1_700_000_000_000_000_000L);
        MessageIdGenerator ids = new MessageIdGenerator(1, nanos::get);
        Set<Long> seen = new HashSet<>();
        long previous = -1;
        for (int i = 0; i < 10_000; i++) {
            if (i % 100 == 0) {
                nanos.addAndGet(i % 200 == 0 ? -5_000_000_000L : 7_000_000L); // back five seconds, then creep forward
            }
            long id = ids.next();
            assertTrue(seen.add(id), "duplicate id at " + i);
            assertTrue(id > previous, "not increasing at " + i);
            previous = id;
        }
    }

    @Test
    void nodeIdMustFitTenBits() {
        assertThrows(IllegalArgumentException.class, () -> new MessageIdGenerator(1024));
        assertThrows(IllegalArgumentException.class, () -> new MessageIdGenerator(-1));
    }
}
