package io.jnsq.benchmarks.load;

/**
 * When a paced publisher connection should send each of its batches: connection {@code index} of
 * {@code connections} sends batch {@code k} at {@code start + (k * connections + index) * interval / connections},
 * where {@code interval = batch * connections / rate} seconds. Together the connections send one
 * batch every {@code interval / connections}, evenly spaced and interleaved, so over any whole interval
 * the run sends exactly {@code rate * interval} messages.
 */
final class PublishSchedule {

    private final long startNanos;
    private final double nanosPerBatch;
    private final int connections;
    private final int index;

    PublishSchedule(long rate, int connections, int index, int batch, long startNanos) {
        if (rate <= 0 || connections <= 0 || index < 0 || index >= connections || batch <= 0) {
            throw new IllegalArgumentException("rate " + rate + ", connection " + index + " of " + connections + ", batch " + batch);
        }
        this.startNanos = startNanos;
        this.nanosPerBatch = batch * 1e9 / rate; // across all connections
        this.connections = connections;
        this.index = index;
    }

    /** How long one connection waits between its batches. */
    static double intervalNanos(long rate, int connections, int batch) {
        return batch * 1e9 * connections / rate;
    }

    /** The intended send time of this connection's {@code k}-th batch (from 0), in {@link System#nanoTime()} terms. */
    long intendedNanos(long k) {
        return startNanos + (long) ((k * connections + index) * nanosPerBatch);
    }
}
