package io.jnsq.server.http;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(30)
class HandlerWorkersTest {

    @Test
    void aFullQueueRefusesWithoutRunningTheTaskOnTheCaller() throws InterruptedException {
        HandlerWorkers workers = new HandlerWorkers("test-worker", 1, 1);
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<Thread> thread = new AtomicReference<>();
        try {
            workers.execute(() -> {
                thread.set(Thread.currentThread());
                running.countDown();
                await(release);
            });
            assertTrue(running.await(10, TimeUnit.SECONDS));
            CountDownLatch queuedRan = new CountDownLatch(1);
            workers.execute(queuedRan::countDown);
            AtomicBoolean ranOnCaller = new AtomicBoolean();
            assertThrows(RejectedExecutionException.class, () -> workers.execute(() -> ranOnCaller.set(true)));
            assertFalse(ranOnCaller.get());
            assertEquals(1, workers.refused());
            assertEquals("test-worker-1", thread.get().getName());
            assertTrue(thread.get().isDaemon());
            release.countDown();
            assertTrue(queuedRan.await(10, TimeUnit.SECONDS));
        } finally {
            release.countDown();
            workers.shutdown(5_000);
        }
    }

    @Test
    void shutdownLetsQueuedTasksFinishThenRefuses() throws InterruptedException {
        HandlerWorkers workers = new HandlerWorkers("test-worker", 1, 4);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(2);
        workers.execute(() -> {
            await(release);
            done.countDown();
        });
        workers.execute(done::countDown);
        Thread closer = new Thread(() -> workers.shutdown(10_000));
        closer.start();
        release.countDown();
        closer.join(20_000);
        assertEquals(0, done.getCount());
        assertTrue(workers.isShutdown());
        assertThrows(RejectedExecutionException.class, () -> workers.execute(() -> { }));
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(20, TimeUnit.SECONDS)) {
                throw new IllegalStateException("never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
