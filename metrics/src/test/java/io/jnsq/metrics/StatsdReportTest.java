package io.jnsq.metrics;

import io.jnsq.broker.E2eLatency;
import io.jnsq.broker.stats.MemoryStats;
import io.jnsq.broker.stats.Stats;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StatsdReportTest {

    private static final E2eLatency NONE = E2eLatency.DISABLED;

    private static Stats.ChannelStats channel(String name, long messages, long requeues, long timeouts, E2eLatency latency) {
        return new Stats.ChannelStats(name, 5, 2, 3, 1, messages, messages, requeues, timeouts, 4, null, false, latency);
    }

    private static Stats stats(long topicMessages, long bytes, Stats.ChannelStats... channels) {
        return new Stats(List.of(new Stats.TopicStats("t", List.of(channels), 7, 6, topicMessages, bytes, false, NONE)), null);
    }

    private static List<String> text(List<byte[]> lines) {
        return lines.stream().map(line -> new String(line, StandardCharsets.UTF_8)).toList();
    }

    @Test
    void theFirstReportSendsWholeCountsInNsqdsOrderAndKinds() {
        StatsdReport report = new StatsdReport("p.", false);
        assertEquals(List.of(
                        "p.topic.t.message_count:10|c\n", "p.topic.t.message_bytes:100|c\n", "p.topic.t.depth:7|g\n",
                        "p.topic.t.backend_depth:6|g\n",
                        "p.topic.t.channel.c.message_count:10|c\n", "p.topic.t.channel.c.depth:5|g\n",
                        "p.topic.t.channel.c.backend_depth:2|g\n", "p.topic.t.channel.c.in_flight_count:3|g\n",
                        "p.topic.t.channel.c.deferred_count:1|g\n", "p.topic.t.channel.c.requeue_count:2|c\n",
                        "p.topic.t.channel.c.timeout_count:1|c\n", "p.topic.t.channel.c.clients:4|g\n"),
                text(report.next(stats(10, 100, channel("c", 10, 2, 1, NONE)), null)));
    }

    @Test
    void countersSendTheChangeSinceThePreviousReportGaugesTheValue() {
        StatsdReport report = new StatsdReport("", false);
        report.next(stats(10, 100, channel("c", 10, 2, 1, NONE)), null);
        List<String> second = text(report.next(stats(15, 130, channel("c", 14, 2, 4, NONE), channel("new", 3, 0, 0, NONE)), null));
        assertTrue(second.contains("topic.t.message_count:5|c\n"), second.toString());
        assertTrue(second.contains("topic.t.message_bytes:30|c\n"));
        assertTrue(second.contains("topic.t.depth:7|g\n"));
        assertTrue(second.contains("topic.t.channel.c.message_count:4|c\n"));
        assertTrue(second.contains("topic.t.channel.c.requeue_count:0|c\n"));
        assertTrue(second.contains("topic.t.channel.c.timeout_count:3|c\n"));
        assertTrue(second.contains("topic.t.channel.new.message_count:3|c\n"), "a new channel sends its whole count");
    }

    @Test
    void latencyPercentilesAreGaugesNamedByPercent() {
        E2eLatency latency = new E2eLatency(3, List.of(new E2eLatency.Percentile(1.0, 900),
                new E2eLatency.Percentile(0.99, 800), new E2eLatency.Percentile(0.985, 850)));
        List<String> lines = text(new StatsdReport("", false).next(stats(1, 1, channel("c", 1, 0, 0, latency)), null));
        assertTrue(lines.contains("topic.t.channel.c.e2e_processing_latency_100:900|g\n"), lines.toString());
        assertTrue(lines.contains("topic.t.channel.c.e2e_processing_latency_99:800|g\n"));
        // Go's %.0f rounds half to even: 0.985 × 100 = 98.5 → 98 (checked with go run)
        assertTrue(lines.contains("topic.t.channel.c.e2e_processing_latency_98:850|g\n"), lines.toString());
        assertEquals("50", StatsdReport.percent(0.5));
        assertEquals("100", StatsdReport.percent(0.995));
    }

    @Test
    void ephemeralTopicsAndChannelsAreLeftOutOnlyWhenAsked() {
        Stats stats = new Stats(List.of(
                new Stats.TopicStats("e#ephemeral", List.of(channel("c", 1, 0, 0, NONE)), 0, 0, 1, 1, false, NONE),
                new Stats.TopicStats("t", List.of(channel("c#ephemeral", 1, 0, 0, NONE)), 0, 0, 1, 1, false, NONE)), null);
        List<String> excluded = text(new StatsdReport("", true).next(stats, null));
        assertEquals(4, excluded.size(), excluded.toString());
        assertTrue(excluded.stream().allMatch(line -> line.startsWith("topic.t.") && !line.contains("#ephemeral")));
        List<String> all = text(new StatsdReport("", false).next(stats, null));
        assertTrue(all.contains("topic.e#ephemeral.depth:0|g\n"));
        assertTrue(all.contains("topic.t.channel.c#ephemeral.depth:5|g\n"));
    }

    @Test
    void memStatsFollowTheTopicsAndGcRunsIsACounter() {
        StatsdReport report = new StatsdReport("", false);
        MemoryStats memory = new MemoryStats(0, 10, 20, 30, 400, 300, 200, 50, 7);
        List<String> first = text(report.next(new Stats(List.of(), null), memory));
        assertEquals(List.of("mem.heap_objects:0|g\n", "mem.heap_idle_bytes:10|g\n", "mem.heap_in_use_bytes:20|g\n",
                "mem.heap_released_bytes:30|g\n", "mem.gc_pause_usec_100:400|g\n", "mem.gc_pause_usec_99:300|g\n",
                "mem.gc_pause_usec_95:200|g\n", "mem.next_gc_bytes:50|g\n", "mem.gc_runs:7|c\n"), first);
        List<String> second = text(report.next(new Stats(List.of(), null), new MemoryStats(0, 10, 20, 30, 400, 300, 200, 50, 9)));
        assertEquals("mem.gc_runs:2|c\n", second.get(8));
    }
}
