package io.jnsq.broker;

/**
 * Per-consumer counters. Written by the consumer's channel under its lock, read by /stats from anywhere.
 */
public final class ConsumerCounters {

    volatile long inFlight;
    volatile long messages;
    volatile long finished;
    volatile long requeued;

    public long inFlightCount() {
        return inFlight;
    }

    public long messageCount() {
        return messages;
    }

    public long finishCount() {
        return finished;
    }

    public long requeueCount() {
        return requeued;
    }
}
