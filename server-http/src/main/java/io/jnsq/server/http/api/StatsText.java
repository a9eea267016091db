package io.jnsq.server.http.api;

import java.time.Duration;
import io.jnsq.broker.GoDuration;
import io.jnsq.broker.E2eLatency;
import io.jnsq.broker.Version;
import io.jnsq.broker.stats.MemoryStats;
import io.jnsq.broker.stats.Stats;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.stream.Collectors;

import static io.jnsq.server.http.api.GoFormat.padRight;

/** {@code /stats} as text: nsqd's layout byte for byte (padding, tabs, {@code *P}, blank lines). */
final class StatsText {

    private static final DateTimeFormatter RFC_3339 = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssXXX");

    private StatsText() {
    }

    /** @param memory {@code null} to omit the block ({@code include_mem=false}) */
    static String render(Stats stats, String health, long startTimeSeconds, long uptimeNanos, MemoryStats memory,
                         long nowSeconds) {
        StringBuilder out = new StringBuilder(1024);
        out.append(Version.describe()).append('\n');
        out.append("start_time ")
                .append(RFC_3339.format(Instant.ofEpochSecond(startTimeSeconds).atZone(ZoneId.systemDefault())))
                .append('\n');
        out.append("uptime ").append(GoDuration.format(Duration.ofNanos(uptimeNanos))).append('\n');
        out.append("\nHealth: ").append(health).append('\n');
        if (memory != null) {
            out.append("\nMemory:\n");
            memoryLine(out, "heap_objects", memory.heapObjects());
            memoryLine(out, "heap_idle_bytes", memory.heapIdleBytes());
            memoryLine(out, "heap_in_use_bytes", memory.heapInUseBytes());
            memoryLine(out, "heap_released_bytes", memory.heapReleasedBytes());
            memoryLine(out, "gc_pause_usec_100", memory.gcPauseUsec100());
            memoryLine(out, "gc_pause_usec_99", memory.gcPauseUsec99());
            memoryLine(out, "gc_pause_usec_95", memory.gcPauseUsec95());
            memoryLine(out, "next_gc_bytes", memory.nextGcBytes());
            memoryLine(out, "gc_total_runs", memory.gcTotalRuns());
        }
        List<Stats.TopicStats> topics = stats.topics() == null ? List.of() : stats.topics();
        // nsqd quirk: "Topics:" has no newline of its own; each topic line starts with one
        out.append(topics.isEmpty() ? "\nTopics: None\n" : "\nTopics:");
        for (Stats.TopicStats topic : topics) {
            out.append('\n').append(topic.paused() ? "*P " : "   ")
                    .append('[').append(padRight(topic.name(), 15)).append(']')
                    .append(" depth: ").append(padRight(topic.depth(), 5))
                    .append(" be-depth: ").append(padRight(topic.backendDepth(), 5))
                    .append(" msgs: ").append(padRight(topic.messageCount(), 8))
                    .append(" e2e%: ").append(latency(topic.e2eLatency())).append('\n');
            for (Stats.ChannelStats channel : topic.channels()) {
                out.append(channel.paused() ? "   *P " : "      ")
                        .append('[').append(padRight(channel.name(), 25)).append(']')
                        .append(" depth: ").append(padRight(channel.depth(), 5))
                        .append(" be-depth: ").append(padRight(channel.backendDepth(), 5))
                        .append(" inflt: ").append(padRight(channel.inFlightCount(), 4))
                        .append(" def: ").append(padRight(channel.deferredCount(), 4))
                        .append(" re-q: ").append(padRight(channel.requeueCount(), 5))
                        .append(" timeout: ").append(padRight(channel.timeoutCount(), 5))
                        .append(" msgs: ").append(padRight(channel.messageCount(), 8))
                        .append(" e2e%: ").append(latency(channel.e2eLatency())).append('\n');
                if (channel.clients() != null) {
                    for (Stats.ClientStats client : channel.clients()) {
                        out.append("        ").append(client(client, nowSeconds)).append('\n');
                    }
                }
            }
        }
        if (stats.producers() == null || stats.producers().isEmpty()) {
            out.append("\nProducers: None\n");
        } else {
            out.append("\nProducers:\n");
            for (Stats.ClientStats producer : stats.producers()) {
                out.append("   ").append(client(producer, nowSeconds)).append('\n');
            }
        }
        return out.toString();
    }

    private static void memoryLine(StringBuilder out, String name, long value) {
        out.append("   ").append(padRight(name, 25)).append('\t').append(value).append('\n');
    }

    private static String latency(E2eLatency latency) {
        if (latency.percentiles() == null) {
            return "";
        }
        return latency.percentiles().stream()
                .map(percentile -> GoFormat.nanosecondsToHuman(percentile.valueNanos()))
                .collect(Collectors.joining(", "));
    }

    /** A producer (it has a publish count to show) or a consumer line. */
    private static String client(Stats.ClientStats client, long nowSeconds) {
        String id = client.hostname() + ":" + port(client.remoteAddress()) + " " + client.userAgent();
        String connected = GoDuration.format(Duration.ofSeconds(Math.max(0, nowSeconds - client.connectTimeSeconds())));
        String head = "[" + client.version() + " " + padRight(id, 21) + "]";
        if (client.pubCount() != null) {
            return head + " msgs: " + padRight(client.pubCount().getValue(), 8)
                    + " topics: " + client.pubCount().getKey() + "=" + client.pubCount().getValue()
                    + " connected: " + connected;
        }
        return head + " state: " + client.state()
                + " inflt: " + padRight(client.inFlightCount(), 4)
                + " rdy: " + padRight(client.readyCount(), 4)
                + " fin: " + padRight(client.finishCount(), 8)
                + " re-q: " + padRight(client.requeueCount(), 8)
                + " msgs: " + padRight(client.messageCount(), 8)
                + " connected: " + connected;
    }

    /** The port of {@code ip:port} or {@code [v6]:port}; empty when there is none (unix sockets). */
    private static String port(String remoteAddress) {
        int colon = remoteAddress.lastIndexOf(':');
        int bracket = remoteAddress.lastIndexOf(']');
        return colon < 0 || colon < bracket ? "" : remoteAddress.substring(colon + 1);
    }
}
