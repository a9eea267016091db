package io.jnsq.benchmarks.load;

import org.HdrHistogram.Histogram;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * The figures of one run: rates each way (over the whole run, warm-up included), with a rate whether it
 * was met, and for pubsub publish-to-delivery latency percentiles.
 */
final class LoadReport {

    private LoadReport() {
    }

    static void print(PrintStream out, LoadOptions options, RunControl control,
                      List<PublisherConnection> publishers, List<SubscriberConnection> subscribers) {
        long start = control.startNanos();
        if (!publishers.isEmpty()) {
            long end = publishers.stream().mapToLong(PublisherConnection::endNanos).max().orElse(start);
            rate(out, "publish", control.publishedCount(), end - start, options.size());
            if (options.paced()) {
                // a timed run's schedule spans the whole duration even when its last batch is due earlier
                boolean countReached = options.count() > 0 && control.publishedCount() >= options.count();
                long window = countReached ? end - start : Math.max(end - start, options.duration().toNanos());
                double achieved = control.publishedCount() / (Math.max(window, 1) / 1e9);
                long lag = publishers.stream().mapToLong(PublisherConnection::maxLagNanos).max().orElse(0);
                out.printf(Locale.ROOT, "%-8s target %,d msgs/s, achieved %,.0f msgs/s (%.1f %%); sends at most %s behind schedule%n",
                        "rate", options.rate(), achieved, 100 * achieved / options.rate(), millis(lag));
            }
        }
        if (!subscribers.isEmpty()) {
            long messages = subscribers.stream().mapToLong(SubscriberConnection::messages).sum();
            long end = subscribers.stream().filter(s -> s.messages() > 0)
                    .mapToLong(SubscriberConnection::lastMessageNanos).max().orElse(start);
            rate(out, "consume", messages, end - start, options.size());
            Histogram latency = mergedLatency(subscribers);
            if (latency != null && latency.getTotalCount() > 0) {
                out.printf(Locale.ROOT, "%-8s p50 %s  p99 %s  p99.9 %s  max %s  (%,d samples%s)%n", "latency",
                        millis(latency.getValueAtPercentile(50)), millis(latency.getValueAtPercentile(99)),
                        millis(latency.getValueAtPercentile(99.9)), millis(latency.getMaxValue()), latency.getTotalCount(),
                        (options.sink() ? ", sink to consumer" : options.paced() ? ", intended publish time to delivery" : ", publish to delivery")
                                + (options.warmup().isZero() ? "" : ", after " + options.warmup().toMillis() + " ms warm-up"));
            }
        }
    }

    /** All subscribers' latency samples together; {@code null} without subscribers. */
    private static Histogram mergedLatency(List<SubscriberConnection> subscribers) {
        Histogram merged = null;
        for (SubscriberConnection subscriber : subscribers) {
            if (merged == null) {
                merged = subscriber.latency().copy();
            } else {
                merged.add(subscriber.latency());
            }
        }
        return merged;
    }

    private static void rate(PrintStream out, String side, long messages, long nanos, int size) {
        double seconds = Math.max(nanos, 1) / 1e9;
        out.printf(Locale.ROOT, "%-8s %,d msgs in %.2f s = %,.0f msgs/s, %.1f MB/s%n", side, messages, seconds,
                messages / seconds, messages * (double) size / seconds / 1e6);
    }

    private static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.3f ms", nanos / 1e6);
    }
}
