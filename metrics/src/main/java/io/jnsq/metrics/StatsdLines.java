package io.jnsq.metrics;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The lines of one push, each {@code <prefix><stat>:<value>|<kind>\n} as nsqd's statsd client writes
 * them: {@code c} for a counter's change since the last push, {@code g} for a gauge's value.
 */
final class StatsdLines {

    private final String prefix;
    private final List<byte[]> lines = new ArrayList<>();

    StatsdLines(String prefix) {
        this.prefix = prefix;
    }

    void counter(String stat, long delta) {
        add(stat, delta, "|c\n");
    }

    void gauge(String stat, long value) {
        add(stat, value, "|g\n");
    }

    private void add(String stat, long value, String kind) {
        lines.add((prefix + stat + ':' + value + kind).getBytes(StandardCharsets.UTF_8));
    }

    List<byte[]> lines() {
        return lines;
    }
}
