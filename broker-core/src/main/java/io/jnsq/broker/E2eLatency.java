package io.jnsq.broker;

import java.util.List;

/**
 * End-to-end processing latency of a channel or topic (publish to FIN) as {@code /stats} shows it.
 *
 * @param count       FINs measured in the current window
 * @param percentiles one per {@code --e2e-processing-latency-percentile}, largest quantile first;
 *                    {@code null} when none is configured (nsqd's {@code "percentiles": null})
 */
public record E2eLatency(long count, List<Percentile> percentiles) {

    public static final E2eLatency DISABLED = new E2eLatency(0, null);

    /** @param valueNanos the latency at that quantile, in nanoseconds */
    public record Percentile(double quantile, long valueNanos) {
    }
}
