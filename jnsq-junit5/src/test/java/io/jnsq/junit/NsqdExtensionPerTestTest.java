package io.jnsq.junit;

import io.jnsq.nsqd.Nsqd;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A registered, configured extension: a fresh broker for every test, with the test's own settings. */
class NsqdExtensionPerTestTest {

    private static final Set<Integer> PORTS = ConcurrentHashMap.newKeySet();

    @RegisterExtension
    final NsqdExtension nsqd = NsqdExtension.perTest()
            .configure(builder -> builder.noHttp().configure(c -> c.messages().maxMsgSize(16)));

    @RepeatedTest(3)
    void everyTestHasItsOwnFreshBroker(Nsqd resolved) {
        assertEquals(resolved, nsqd.nsqd());
        assertTrue(PORTS.add(resolved.tcpAddress().getPort()), "a new broker, on a new port");
        assertEquals(0, nsqd.local().depth("t"), "nothing left from an earlier test");
        nsqd.local().publish("t", "x");
        assertEquals(16, resolved.config().messages().maxMsgSize());
        assertThrows(IllegalStateException.class, resolved::httpAddress, "no HTTP, as configured");
    }

    @RepeatedTest(2)
    void awaitingWhatNeverComesFailsWithWhatWasExpected() {
        AssertionError timedOut = assertThrows(AssertionError.class,
                () -> nsqd.await().atMost(Duration.ofMillis(50)).messages("quiet", "c", 2));
        assertEquals("waited 50 ms for 2 message(s) on quiet/c, got 0", timedOut.getMessage());
    }
}
