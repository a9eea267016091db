package io.jnsq.benchmarks.metrics;

import io.jnsq.benchmarks.BenchmarkDefaults;
import io.jnsq.benchmarks.MemoryOnlyBroker;
import io.jnsq.broker.Broker;
import io.jnsq.broker.BrokerException;
import io.jnsq.broker.config.BrokerConfig;
import io.jnsq.broker.Topic;
import io.jnsq.broker.stats.Stats;
import io.jnsq.metrics.PrometheusMetrics;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.concurrent.TimeUnit;

/**
 * What one {@code GET /metrics} costs the node with many channels: {@code scrape} is the whole answer
 * body (one stats snapshot, the Prometheus snapshots, the text format, JVM metrics included) without
 * the HTTP round trip; {@code collect} the stats snapshot alone, which statsd also pays per push.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class MetricsScrapeBenchmark extends BenchmarkDefaults {

    @Param({"100"})
    int topics;

    @Param({"100"})
    int channelsPerTopic;

    private Broker broker;
    private PrometheusMetrics metrics;

    @Setup(Level.Trial)
    public void createTopicsAndChannels() throws BrokerException {
        broker = MemoryOnlyBroker.create(BrokerConfig.defaults());
        for (int t = 0; t < topics; t++) {
            Topic topic = broker.topic(String.format("topic-%03d", t));
            for (int c = 0; c < channelsPerTopic; c++) {
                topic.channel(String.format("channel-%03d", c));
            }
        }
        metrics = new PrometheusMetrics(() -> Stats.collect(broker));
        System.out.printf("%n%d channels: /metrics body %,d bytes%n", topics * channelsPerTopic, metrics.scrape().body().length);
    }

    @TearDown(Level.Trial)
    public void close() {
        broker.close();
    }

    @Benchmark
    public PrometheusMetrics.Scrape scrape() {
        return metrics.scrape();
    }

    @Benchmark
    public Stats collect() {
        return Stats.collect(broker);
    }
}
