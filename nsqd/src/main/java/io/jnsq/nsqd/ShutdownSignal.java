package io.jnsq.nsqd;

import org.slf4j.LoggerFactory;
import sun.misc.Signal;

import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * SIGTERM and SIGINT: the way nsqd is told to stop. Handling them ourselves (instead of letting the JVM
 * run its shutdown hooks) is what makes a clean stop exit with 0, as nsqd does, rather than 143 or 130.
 */
final class ShutdownSignal {

    private final CountDownLatch received = new CountDownLatch(1);

    private ShutdownSignal() {
    }

    static ShutdownSignal install() {
        ShutdownSignal shutdown = new ShutdownSignal();
        for (String name : List.of("TERM", "INT")) {
            try {
                Signal.handle(new Signal(name), signal -> shutdown.received.countDown());
            } catch (IllegalArgumentException e) {
                // e.g. under -Xrs: the JVM's own handling (shutdown hooks, non-zero exit) stays in place
                LoggerFactory.getLogger(ShutdownSignal.class).warn("cannot handle SIG{} - {}", name, e.getMessage());
            }
        }
        return shutdown;
    }

    /** Blocks until one of the signals arrives. */
    void await() throws InterruptedException {
        received.await();
    }
}
