package io.jnsq.metrics;

import io.jnsq.broker.E2eLatency;
import io.jnsq.broker.Names;
import io.jnsq.broker.stats.MemoryStats;
import io.jnsq.broker.stats.Stats;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns successive snapshots into nsqd's statsd lines, in nsqd's order: per topic its counters and
 * gauges, then per channel; then {@code mem.*}. Counters send the change since the previous report, so
 * this remembers the last counts it saw (of every topic and channel, excluded or not, as nsqd does):
 * a topic or channel seen for the first time sends its whole count.
 */
final class StatsdReport {

    private final String prefix;
    private final boolean excludeEphemeral;
    private Map<String, TopicCounts> previous = Map.of();
    private long previousGcRuns;

    StatsdReport(String prefix, boolean excludeEphemeral) {
        this.prefix = prefix;
        this.excludeEphemeral = excludeEphemeral;
    }

    /** @param memory {@code null} without {@code --statsd-mem-stats} */
    List<byte[]> next(Stats stats, MemoryStats memory) {
        StatsdLines out = new StatsdLines(prefix);
        Map<String, TopicCounts> seen = new HashMap<>();
        for (Stats.TopicStats topic : stats.topics()) {
            TopicCounts last = previous.getOrDefault(topic.name(), TopicCounts.NONE);
            seen.put(topic.name(), TopicCounts.of(topic));
            if (excludeEphemeral && Names.isEphemeral(topic.name())) {
                continue;
            }
            String t = "topic." + topic.name();
            out.counter(t + ".message_count", topic.messageCount() - last.messageCount);
            out.counter(t + ".message_bytes", topic.messageBytes() - last.messageBytes);
            out.gauge(t + ".depth", topic.depth());
            out.gauge(t + ".backend_depth", topic.backendDepth());
            latency(out, t, topic.e2eLatency());
            for (Stats.ChannelStats channel : topic.channels()) {
                if (excludeEphemeral && Names.isEphemeral(channel.name())) {
                    continue;
                }
                ChannelCounts lastChannel = last.channels.getOrDefault(channel.name(), ChannelCounts.NONE);
                String c = t + ".channel." + channel.name();
                out.counter(c + ".message_count", channel.messageCount() - lastChannel.messageCount);
                out.gauge(c + ".depth", channel.depth());
                out.gauge(c + ".backend_depth", channel.backendDepth());
                out.gauge(c + ".in_flight_count", channel.inFlightCount());
                out.gauge(c + ".deferred_count", channel.deferredCount());
                out.counter(c + ".requeue_count", channel.requeueCount() - lastChannel.requeueCount);
                out.counter(c + ".timeout_count", channel.timeoutCount() - lastChannel.timeoutCount);
                out.gauge(c + ".clients", channel.clientCount());
                latency(out, c, channel.e2eLatency());
            }
        }
        previous = seen;
        if (memory != null) {
            memory(out, memory);
        }
        return out.lines();
    }

    /** The JVM's figures for Go's (which JVM figure stands for which: {@link MemoryStats}). */
    private void memory(StatsdLines out, MemoryStats memory) {
        out.gauge("mem.heap_objects", memory.heapObjects());
        out.gauge("mem.heap_idle_bytes", memory.heapIdleBytes());
        out.gauge("mem.heap_in_use_bytes", memory.heapInUseBytes());
        out.gauge("mem.heap_released_bytes", memory.heapReleasedBytes());
        out.gauge("mem.gc_pause_usec_100", memory.gcPauseUsec100());
        out.gauge("mem.gc_pause_usec_99", memory.gcPauseUsec99());
        out.gauge("mem.gc_pause_usec_95", memory.gcPauseUsec95());
        out.gauge("mem.next_gc_bytes", memory.nextGcBytes());
        out.counter("mem.gc_runs", memory.gcTotalRuns() - previousGcRuns);
        previousGcRuns = memory.gcTotalRuns();
    }

    private static void latency(StatsdLines out, String stat, E2eLatency latency) {
        if (latency.percentiles() == null) {
            return;
        }
        for (E2eLatency.Percentile percentile : latency.percentiles()) {
            out.gauge(stat + ".e2e_processing_latency_" + percent(percentile.quantile()), percentile.valueNanos());
        }
    }

    /** Go's {@code %.0f} of quantile × 100: the product's exact value rounded half to even (0.985 → 98, 0.995 → 100). */
    static String percent(double quantile) {
        return new BigDecimal(quantile * 100.0).setScale(0, RoundingMode.HALF_EVEN).toPlainString();
    }

    private record TopicCounts(long messageCount, long messageBytes, Map<String, ChannelCounts> channels) {

        static final TopicCounts NONE = new TopicCounts(0, 0, Map.of());

        static TopicCounts of(Stats.TopicStats topic) {
            Map<String, ChannelCounts> channels = new HashMap<>();
            for (Stats.ChannelStats channel : topic.channels()) {
                channels.put(channel.name(),
                        new ChannelCounts(channel.messageCount(), channel.requeueCount(), channel.timeoutCount()));
            }
            return new TopicCounts(topic.messageCount(), topic.messageBytes(), channels);
        }
    }

    private record ChannelCounts(long messageCount, long requeueCount, long timeoutCount) {

        static final ChannelCounts NONE = new ChannelCounts(0, 0, 0);
    }
}
