package io.jnsq.broker;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Futures of storage: what a publish, a requeue or a topology change returns, completing when every
 * destination holds the data. Nearly every publish stores into memory only, so the already-complete
 * {@link #DONE} is shared instead of allocating a future per message; nobody may complete it.
 */
public final class Stored {

    /** Stored already (memory): shared, never to be completed by anyone. */
    public static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    private Stored() {
    }

    /** Completes when both have; fails with the first failure once both are done. */
    public static CompletableFuture<Void> both(CompletableFuture<Void> first, CompletableFuture<Void> second) {
        if (isDone(first)) {
            return second;
        }
        if (isDone(second)) {
            return first;
        }
        return CompletableFuture.allOf(first, second);
    }

    /** Whether it completed normally: the caller may answer at once. */
    public static boolean isDone(CompletableFuture<Void> stored) {
        return stored.isDone() && !stored.isCompletedExceptionally();
    }

    /** The exception behind a future's failure, without the wrappers futures add. */
    public static Exception cause(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause instanceof Exception e ? e : new RuntimeException(cause);
    }
}
