package io.jnsq.broker.deferral;

import org.junit.jupiter.api.Test;

import java.util.PriorityQueue;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeferredIndexTest {

    @Test
    void givesEntriesBackInDueOrderWhateverTheOrderTheyCameIn() {
        Random random = new Random(16);
        DeferredIndex index = new DeferredIndex();
        PriorityQueue<long[]> expected = new PriorityQueue<>((a, b) -> Long.compare(a[0], b[0]));
        for (int round = 0; round < 20_000; round++) {
            if (random.nextInt(3) > 0 || index.isEmpty()) {
                long due = random.nextLong(1_000_000) - 500_000; // negative too: nanoTime may be
                index.add(due, round);
                expected.add(new long[]{due, round});
            } else {
                long[] first = expected.poll();
                assertEquals(first[0], index.firstDue());
                index.removeFirst();
            }
            assertEquals(expected.size(), index.size());
        }
    }

    @Test
    void heapifiedAppendsAreOrderedAndAnEmptiedIndexGivesItsMemoryBack() {
        DeferredIndex index = new DeferredIndex();
        int count = 100_000;
        for (int i = 0; i < count; i++) {
            index.append((i * 7919L) % count, i);
        }
        index.heapify();
        assertTrue(index.capacity() < count * 1.5 + 16, "grows by half: " + index.capacity());
        long previous = Long.MIN_VALUE;
        while (!index.isEmpty()) {
            assertTrue(index.firstDue() >= previous);
            previous = index.firstDue();
            assertEquals((index.firstLocation() * 7919L) % count, index.firstDue());
            index.removeFirst();
        }
        assertTrue(index.capacity() <= 32, "shrinks: " + index.capacity());
    }
}
