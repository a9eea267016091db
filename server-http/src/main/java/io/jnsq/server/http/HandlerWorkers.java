package io.jnsq.server.http;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The threads a listener's route handlers run on, so that a handler may wait (for the broker's
 * commit) without holding up an event loop: a few daemon threads and a bounded queue.
 *
 * <p>{@link #execute} never runs a task on the caller (the caller is an event loop): when the queue is
 * full, or the pool is shut down, it throws {@link RejectedExecutionException} and the caller answers
 * 503 itself. Each connection has at most one request here, so the queue holds at most one entry per
 * connection; its bound only caps how many may wait at once. Idle threads end after a minute.
 */
final class HandlerWorkers implements Executor {

    private static final Logger log = LoggerFactory.getLogger(HandlerWorkers.class);

    /** A few threads: handlers mostly wait for the disk, and their waits overlap (group commit). */
    static final int THREADS = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
    static final int QUEUE = 1024;
    private static final long KEEP_ALIVE_SECONDS = 60;
    private static final long REFUSAL_LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final String name;
    private final ThreadPoolExecutor pool;
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong lastRefusalLog = new AtomicLong(System.nanoTime() - REFUSAL_LOG_INTERVAL_NANOS);

    /** @param name thread names are {@code <name>-1}, {@code <name>-2}, … */
    HandlerWorkers(String name, int threads, int queue) {
        this.name = name;
        AtomicInteger count = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(threads, threads, KEEP_ALIVE_SECONDS, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(queue), task -> {
                    Thread thread = new Thread(task, name + "-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                }, new ThreadPoolExecutor.AbortPolicy());
        pool.allowCoreThreadTimeOut(true);
    }

    /** @throws RejectedExecutionException when the queue is full or the pool is shut down; never runs {@code task} here */
    @Override
    public void execute(Runnable task) {
        try {
            pool.execute(task);
        } catch (RejectedExecutionException e) {
            long count = refused.incrementAndGet();
            long now = System.nanoTime();
            long last = lastRefusalLog.get();
            if (!pool.isShutdown() && now - last >= REFUSAL_LOG_INTERVAL_NANOS && lastRefusalLog.compareAndSet(last, now)) {
                log.warn("{}: all {} handler threads busy and {} requests queued: answering 503 ({} refused so far)",
                        name, pool.getMaximumPoolSize(), pool.getQueue().size(), count);
            }
            throw e;
        }
    }

    boolean isShutdown() {
        return pool.isShutdown();
    }

    /** Requests refused since the start because the queue was full or the pool shut down. */
    long refused() {
        return refused.get();
    }

    /**
     * Takes no new task and waits up to {@code timeoutMillis} for the running and queued ones, whose
     * answers then still reach their connections; after that, interrupts what is left.
     */
    void shutdown(long timeoutMillis) {
        pool.shutdown();
        boolean terminated;
        try {
            terminated = pool.awaitTermination(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            terminated = false;
        }
        if (!terminated) {
            log.warn("{}: handlers still running after {}ms, interrupting them", name, timeoutMillis);
            pool.shutdownNow();
        }
    }
}
