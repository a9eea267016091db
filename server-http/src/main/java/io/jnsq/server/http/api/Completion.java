package io.jnsq.server.http.api;


import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Waits for what a handler started in the broker (a disk write, an {@code nsqd.dat} rewrite) before it
 * answers. Handlers run on the HTTP server's worker threads, never on an event loop, so they may wait.
 */
final class Completion {

    private Completion() {
    }

    /** Waits; a failure becomes {@code error}, which is what nsqd answers for it. */
    static void await(CompletableFuture<?> work, ApiError error) throws ApiError {
        try {
            work.join();
        } catch (CompletionException e) {
            throw error;
        }
    }

    /** Waits for work whose failures are logged, not answered (an {@code nsqd.dat} write). */
    static void await(CompletableFuture<?> work) {
        work.join();
    }
}
