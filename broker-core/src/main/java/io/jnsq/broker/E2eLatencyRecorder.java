package io.jnsq.broker;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Estimates end-to-end latency quantiles over a sliding window, as nsqd does with two half-windows
 * that take turns: samples older than the window fall away when their half is reused. Each half keeps
 * a uniform reservoir of samples, so memory stays fixed however many messages pass.
 */
final class E2eLatencyRecorder {

    private static final int RESERVOIR_SIZE = 1024;

    private final List<Double> quantiles;
    private final long halfWindowNanos;
    private final Half[] halves = {new Half(), new Half()};
    private int current;
    private long currentStartedNanos = System.nanoTime();

    /** @param quantiles largest first, as the option holds them */
    E2eLatencyRecorder(List<Double> quantiles, long windowNanos) {
        this.quantiles = List.copyOf(quantiles);
        this.halfWindowNanos = Math.max(1, windowNanos / 2);
    }

    synchronized void record(long latencyNanos) {
        rotate(System.nanoTime());
        halves[current].add(latencyNanos);
    }

    synchronized E2eLatency snapshot() {
        rotate(System.nanoTime());
        long[] samples = mergedSamples(List.of(this));
        return summarize(quantiles, count(), samples);
    }

    /** The latency of several recorders taken together (a topic's channels). */
    static E2eLatency merge(List<Double> quantiles, List<E2eLatencyRecorder> recorders) {
        long count = 0;
        for (E2eLatencyRecorder recorder : recorders) {
            synchronized (recorder) {
                recorder.rotate(System.nanoTime());
                count += recorder.count();
            }
        }
        return summarize(quantiles, count, mergedSamples(recorders));
    }

    private static E2eLatency summarize(List<Double> quantiles, long count, long[] samples) {
        Arrays.sort(samples);
        List<E2eLatency.Percentile> percentiles = new ArrayList<>(quantiles.size());
        for (double quantile : quantiles) {
            long value = samples.length == 0 ? 0
                    : samples[(int) Math.min(samples.length - 1, Math.max(0, Math.ceil(quantile * samples.length) - 1))];
            percentiles.add(new E2eLatency.Percentile(quantile, value));
        }
        return new E2eLatency(count, percentiles);
    }

    private static long[] mergedSamples(List<E2eLatencyRecorder> recorders) {
        long[] merged = new long[0];
        for (E2eLatencyRecorder recorder : recorders) {
            synchronized (recorder) {
                for (Half half : recorder.halves) {
                    int offset = merged.length;
                    merged = Arrays.copyOf(merged, offset + half.size);
                    System.arraycopy(half.samples, 0, merged, offset, half.size);
                }
            }
        }
        return merged;
    }

    private long count() {
        return halves[0].seen + halves[1].seen;
    }

    private void rotate(long now) {
        long elapsed = now - currentStartedNanos;
        if (elapsed < halfWindowNanos) {
            return;
        }
        if (elapsed >= 2 * halfWindowNanos) {
            halves[1 - current].clear(); // idle for a whole window: nothing in it is recent any more
        }
        current = 1 - current;
        halves[current].clear();
        currentStartedNanos = now;
    }

    private static final class Half {
        final long[] samples = new long[RESERVOIR_SIZE];
        int size;
        long seen;

        void add(long sample) {
            seen++;
            if (size < RESERVOIR_SIZE) {
                samples[size++] = sample;
                return;
            }
            long slot = ThreadLocalRandom.current().nextLong(seen);
            if (slot < RESERVOIR_SIZE) {
                samples[(int) slot] = sample;
            }
        }

        void clear() {
            size = 0;
            seen = 0;
        }
    }
}
