package io.jnsq.benchmarks.load;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PublishScheduleTest {

    private static final long START = 1_000_000_000_000L;
    private static final long SECOND = 1_000_000_000L;

    @Test
    void connectionsInterleaveEvenly() {
        // 100,000 msgs/s, MPUB 200, two connections: one batch every 2 ms overall, each connection every 4 ms
        PublishSchedule first = new PublishSchedule(100_000, 2, 0, 200, START);
        PublishSchedule second = new PublishSchedule(100_000, 2, 1, 200, START);
        assertEquals(START, first.intendedNanos(0));
        assertEquals(START + 2_000_000, second.intendedNanos(0));
        assertEquals(START + 4_000_000, first.intendedNanos(1));
        assertEquals(START + 6_000_000, second.intendedNanos(1));
        assertEquals(4_000_000, PublishSchedule.intervalNanos(100_000, 2, 200), 1e-6);
    }

    @Test
    void aSecondHoldsExactlyTheRate() {
        for (int connections : new int[]{1, 2, 3, 7}) {
            for (int batch : new int[]{1, 10, 200}) {
                long rate = 100_000;
                List<Long> times = new ArrayList<>();
                for (int index = 0; index < connections; index++) {
                    PublishSchedule schedule = new PublishSchedule(rate, connections, index, batch, START);
                    for (long k = 0; schedule.intendedNanos(k) < START + SECOND; k++) {
                        times.add(schedule.intendedNanos(k));
                    }
                }
                assertEquals(rate, (long) times.size() * batch, connections + " connections, batch " + batch);
                Collections.sort(times);
                long gap = batch * SECOND / rate;
                for (int i = 1; i < times.size(); i++) {
                    assertEquals(gap, times.get(i) - times.get(i - 1), 1.0, "evenly spaced");
                }
            }
        }
    }

    @Test
    void refusesNonsense() {
        assertThrows(IllegalArgumentException.class, () -> new PublishSchedule(0, 1, 0, 1, START));
        assertThrows(IllegalArgumentException.class, () -> new PublishSchedule(10, 2, 2, 1, START));
    }
}
