package io.jnsq.nsqd;

import org.slf4j.LoggerFactory;
import sun.misc.Signal;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.IntConsumer;

/**
 * SIGTERM and SIGINT: the way nsqd is told to stop. Handling them ourselves (instead of letting the JVM
 * run its shutdown hooks) is what makes a clean stop exit with 0, as nsqd does, rather than 143 or 130.
 */
final class ShutdownSignal {

    private final CountDownLatch received = new CountDownLatch(1);
    private final IntConsumer halt;

    /** @param halt ends the process with a status, without shutdown hooks */
    ShutdownSignal(IntConsumer halt) {
        this.halt = halt;
    }

    static ShutdownSignal install() {
        ShutdownSignal shutdown = new ShutdownSignal(Runtime.getRuntime()::halt);
        for (String name : List.of("TERM", "INT")) {
            try {
                Signal.handle(new Signal(name), signal -> shutdown.received(signal.getName()));
            } catch (IllegalArgumentException e) {
                // e.g. under -Xrs: the JVM's own handling (shutdown hooks, non-zero exit) stays in place
                LoggerFactory.getLogger(ShutdownSignal.class).warn("cannot handle SIG{} - {}", name, e.getMessage());
            }
        }
        return shutdown;
    }

    /**
     * The first signal starts the clean stop. A second one, while that stop is under way, is an operator
     * insisting: a stop that does not end (a disk that hangs, a heap too full to get anything done) must
     * not need {@code kill -9}, so the process ends at once with 1. nsqd ignores a second signal.
     */
    void received(String name) {
        if (received.getCount() == 0) {
            System.err.println("[nsqd] second SIG" + name + " during shutdown, exiting at once");
            halt.accept(1);
        }
        received.countDown();
    }

    /** Blocks until one of the signals arrives. */
    void await() throws InterruptedException {
        received.await();
    }
}
