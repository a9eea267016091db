package io.jnsq.broker.queue;

import org.slf4j.Logger;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The worker of a queue kept on disk: it runs the queue's I/O one task at a time on an executor shared by
 * many queues, restores what the files hold before anything else, and ends once the queue is closed or
 * deleted. It also keeps what every such queue asks of its worker besides its own work: the lifecycle,
 * the periodic sync after activity, and a pending request to empty the queue.
 *
 * <p>Its state is guarded by the owner's lock (never held during I/O), so a caller records work and
 * schedules the worker in one critical section, and a round that finds nothing to do goes idle under it.
 */
public final class QueueWorker {

    public enum Lifecycle { OPEN, CLOSING, DELETING }

    private final Object lock;
    private final Executor io;
    private final Runnable restore;
    private final BooleanSupplier round;
    private final Logger log;
    private final String logName;
    private final CompletableFuture<Void> opened = new CompletableFuture<>();
    private final CompletableFuture<Void> finished = new CompletableFuture<>();
    private final ScheduledFuture<?> periodicSync;

    // ---- guarded by lock ----
    private boolean scheduled;
    private Lifecycle lifecycle = Lifecycle.OPEN;
    /** Work happened since the periodic sync last looked. */
    private boolean activity;
    private boolean syncDue;
    private CompletableFuture<Void> emptyRequested;

    /** Owned by the worker. */
    private boolean restored;

    /**
     * @param lock        the owner's lock over its in-memory state, never held during I/O
     * @param scheduler   runs the periodic sync check (no I/O)
     * @param syncTimeout longest time activity stays unsynced
     * @param restore     reads the files back; runs first, once
     * @param round       one round of work; returns whether to look for more (false once idle or finished)
     * @param logName     how the owner names itself in log lines, such as {@code DISKQUEUE(topic)}
     */
    public QueueWorker(Object lock, Executor io, ScheduledExecutorService scheduler, Duration syncTimeout,
                       Runnable restore, BooleanSupplier round, Logger log, String logName) {
        this.lock = lock;
        this.io = io;
        this.restore = restore;
        this.round = round;
        this.log = log;
        this.logName = logName;
        long period = syncTimeout.toNanos();
        this.periodicSync = scheduler.scheduleWithFixedDelay(this::requestPeriodicSync, period, period, TimeUnit.NANOSECONDS);
    }

    /** Completes once {@code restore} has run. */
    public CompletableFuture<Void> opened() {
        return opened;
    }

    /** Completes when the worker has closed or deleted the queue. */
    public CompletableFuture<Void> finished() {
        return finished;
    }

    /** Starts the worker unless it is already scheduled or finished; the caller holds the lock. */
    public void scheduleLocked() {
        if (!scheduled && !finished.isDone()) {
            scheduled = true;
            io.execute(this::run);
        }
    }

    /** A round found nothing to do: the next {@link #scheduleLocked} starts the worker again. */
    public void idleLocked() {
        scheduled = false;
    }

    public boolean scheduledLocked() {
        return scheduled;
    }

    public Lifecycle lifecycleLocked() {
        return lifecycle;
    }

    public boolean openLocked() {
        return lifecycle == Lifecycle.OPEN;
    }

    /** Whether a close, a delete, an empty or a sync waits for the worker, whatever the owner's own work. */
    public boolean requestedLocked() {
        return lifecycle != Lifecycle.OPEN || emptyRequested != null || syncDue;
    }

    /** Something was written or released: the periodic sync will sync it. */
    public void activityLocked() {
        activity = true;
    }

    /** Has the next round sync (while the queue is open). */
    public void requestSyncLocked() {
        if (lifecycle == Lifecycle.OPEN) {
            syncDue = true;
            scheduleLocked();
        }
    }

    /** @return whether a sync was requested since the last call */
    public boolean takeSyncRequestLocked() {
        boolean due = syncDue;
        syncDue = false;
        return due;
    }

    /** @return completes once the worker has emptied the queue; one future for requests made before it does */
    public CompletableFuture<Void> requestEmptyLocked() {
        if (emptyRequested == null) {
            emptyRequested = new CompletableFuture<>();
        }
        scheduleLocked();
        return emptyRequested;
    }

    /** @return the pending empty request, or {@code null}; the caller completes it */
    public CompletableFuture<Void> takeEmptyRequestLocked() {
        CompletableFuture<Void> emptying = emptyRequested;
        emptyRequested = null;
        return emptying;
    }

    /** @return whether the queue was open and is now closing */
    public boolean closeLocked() {
        if (lifecycle != Lifecycle.OPEN) {
            return false;
        }
        lifecycle = Lifecycle.CLOSING;
        periodicSync.cancel(false);
        scheduleLocked();
        return true;
    }

    /** @return whether the queue is now being deleted, not already */
    public boolean deleteLocked() {
        if (lifecycle == Lifecycle.DELETING) {
            return false;
        }
        lifecycle = Lifecycle.DELETING;
        periodicSync.cancel(false);
        scheduleLocked();
        return true;
    }

    /** The queue is closed or deleted: nothing will run again. */
    public void finish(IOException failure) {
        synchronized (lock) {
            scheduled = false;
        }
        if (failure != null) {
            finished.completeExceptionally(failure);
        } else {
            finished.complete(null);
        }
    }

    /** Waits until {@link #finish}, rethrowing its failure as an {@link IOException}. */
    public void awaitFinished() throws IOException {
        try {
            finished.join();
        } catch (RuntimeException e) {
            throw new IOException(e.getCause() != null ? e.getCause().getMessage() : e.getMessage(), e);
        }
    }

    private void requestPeriodicSync() {
        synchronized (lock) {
            if (activity) {
                activity = false;
                requestSyncLocked();
            }
        }
    }

    private void run() {
        if (!restored) {
            restored = true;
            restore.run();
            opened.complete(null);
        }
        boolean more = true;
        while (more) {
            try {
                more = round.getAsBoolean();
            } catch (RuntimeException e) {
                // a bug; carry on with the next round rather than leave the callers' futures hanging forever
                log.error("{} worker failed", logName, e);
            }
        }
    }
}
