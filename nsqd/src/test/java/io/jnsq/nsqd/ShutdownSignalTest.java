package io.jnsq.nsqd;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

@Timeout(10)
class ShutdownSignalTest {

    @Test
    void theFirstSignalStopsCleanlyASecondHaltsAtOnce() throws InterruptedException {
        List<Integer> halts = new ArrayList<>();
        ShutdownSignal signal = new ShutdownSignal(halts::add);
        signal.received("TERM");
        signal.await(); // returns: the clean stop begins
        assertEquals(List.of(), halts);
        signal.received("INT");
        assertEquals(List.of(1), halts);
    }
}
