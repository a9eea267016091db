package io.jnsq.metrics;

import io.jnsq.broker.stats.Stats;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Supplier;

/**
 * What {@code GET /metrics} answers: the broker's topics and channels ({@link NsqCollector}) and the
 * JVM's own metrics, in Prometheus' text exposition format, written by the official client. Each nsqd
 * has a registry of its own (not the client's default one), so several in one JVM do not mix.
 * Thread-safe: scrapes may run concurrently.
 */
public final class PrometheusMetrics {

    /** One scrape's answer. */
    public record Scrape(String contentType, byte[] body) {
    }

    private static final int FIRST_SIZE = 16 * 1024;

    private final PrometheusRegistry registry = new PrometheusRegistry();
    /** The last answer's size: the next one is about as big, and growing a 6 MB buffer copies it twice over. */
    private volatile int lastSize = FIRST_SIZE;
    // no _created lines: the broker's counters have no creation time worth exposing
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.builder()
            .setIncludeCreatedTimestamps(false).build();

    /** @param stats read once per scrape */
    public PrometheusMetrics(Supplier<Stats> stats) {
        JvmMetrics.builder().register(registry);
        registry.register(new NsqCollector(stats));
    }

    public Scrape scrape() {
        ByteArrayOutputStream body = new ByteArrayOutputStream(lastSize + lastSize / 8);
        try {
            writer.write(body, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot happen writing to memory", e);
        }
        lastSize = Math.max(FIRST_SIZE, body.size());
        return new Scrape(writer.getContentType(), body.toByteArray());
    }
}
