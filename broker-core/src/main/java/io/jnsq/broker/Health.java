package io.jnsq.broker;

/**
 * nsqd's global health: the outcome of the latest backend write. {@code /ping} and {@code /stats}
 * report it; the next successful write restores it.
 */
public final class Health {

    private volatile String error;

    public boolean ok() {
        return error == null;
    }

    /** {@code OK}, or {@code NOK - <error>}. */
    public String status() {
        String current = error;
        return current == null ? "OK" : "NOK - " + current;
    }

    void backendWriteSucceeded() {
        if (error != null) {
            error = null;
        }
    }

    void backendWriteFailed(Exception cause) {
        error = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }
}
