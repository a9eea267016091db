package io.jnsq.metrics;

import io.jnsq.broker.E2eLatency;
import io.jnsq.broker.stats.Stats;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The broker's topics and channels as Prometheus metrics, read from one {@link Stats} snapshot per
 * scrape: nothing is registered per topic or channel, so a scrape costs one pass over the broker and
 * nothing is left behind when a topic goes.
 */
final class NsqCollector implements MultiCollector {

    private static final double NANOS_PER_SECOND = 1e9;

    private final Supplier<Stats> stats;

    NsqCollector(Supplier<Stats> stats) {
        this.stats = stats;
    }

    @Override
    public MetricSnapshots collect() {
        Stats snapshot = stats.get();
        // labels built once per topic and channel, shared by all their samples: building them is most
        // of a scrape's cost (name checks, sorting), measured in benchmarks/RESULTS.md
        List<Labelled<Stats.TopicStats>> topics = new ArrayList<>(snapshot.topics().size());
        List<Labelled<Stats.ChannelStats>> channels = new ArrayList<>();
        for (Stats.TopicStats topic : snapshot.topics()) {
            topics.add(new Labelled<>(Labels.of("topic", topic.name()), topic));
            for (Stats.ChannelStats channel : topic.channels()) {
                channels.add(new Labelled<>(Labels.of("topic", topic.name(), "channel", channel.name()), channel));
            }
        }
        List<MetricSnapshot> metrics = new ArrayList<>(24);
        metrics.add(gauge("nsq_topic_depth", "Messages waiting in the topic, in memory and on disk",
                topics, t -> t.item.depth()));
        metrics.add(gauge("nsq_topic_backend_depth", "Messages waiting in the topic's disk queue",
                topics, t -> t.item.backendDepth()));
        metrics.add(counter("nsq_topic_messages", "Messages published to the topic",
                topics, t -> t.item.messageCount()));
        metrics.add(counter("nsq_topic_message_bytes", "Bytes of message bodies published to the topic",
                topics, t -> t.item.messageBytes()));
        metrics.add(gauge("nsq_topic_paused", "1 when the topic is paused",
                topics, t -> t.item.paused() ? 1 : 0));

        metrics.add(gauge("nsq_channel_depth", "Messages waiting in the channel, in memory and on disk",
                channels, c -> c.item.depth()));
        metrics.add(gauge("nsq_channel_backend_depth", "Messages waiting in the channel's disk queue",
                channels, c -> c.item.backendDepth()));
        metrics.add(gauge("nsq_channel_in_flight_messages", "Messages delivered and not yet finished",
                channels, c -> c.item.inFlightCount()));
        metrics.add(gauge("nsq_channel_deferred_messages", "Messages waiting for their delay to pass",
                channels, c -> c.item.deferredCount()));
        metrics.add(counter("nsq_channel_messages", "Messages the channel has received from its topic",
                channels, c -> c.item.messageCount()));
        metrics.add(counter("nsq_channel_requeues", "Messages requeued by consumers (REQ)",
                channels, c -> c.item.requeueCount()));
        metrics.add(counter("nsq_channel_timeouts", "In-flight messages that timed out",
                channels, c -> c.item.timeoutCount()));
        metrics.add(counter("nsq_channel_dead_letters", "Messages moved to a dead-letter topic after their last attempt",
                channels, c -> c.item.deadLetter().count()));
        metrics.add(gauge("nsq_channel_clients", "Consumers subscribed to the channel",
                channels, c -> c.item.clientCount()));
        metrics.add(gauge("nsq_channel_paused", "1 when the channel is paused",
                channels, c -> c.item.paused() ? 1 : 0));

        metrics.add(latency("nsq_topic_e2e_processing_latency_seconds",
                "Publish-to-FIN latency over the e2e window by quantile, all the topic's channels together",
                topics, t -> t.item.e2eLatency()));
        metrics.add(latency("nsq_channel_e2e_processing_latency_seconds",
                "Publish-to-FIN latency over the e2e window by quantile",
                channels, c -> c.item.e2eLatency()));
        return new MetricSnapshots(metrics);
    }

    private static <T> GaugeSnapshot gauge(String name, String help, List<Labelled<T>> items,
                                           ToDoubleFunction<Labelled<T>> value) {
        GaugeSnapshot.Builder gauge = GaugeSnapshot.builder().name(name).help(help);
        for (Labelled<T> item : items) {
            gauge.dataPoint(new GaugeDataPointSnapshot(value.applyAsDouble(item), item.labels, null));
        }
        return gauge.build();
    }

    /** @param name without {@code _total}, which the text format adds */
    private static <T> CounterSnapshot counter(String name, String help, List<Labelled<T>> items,
                                               ToDoubleFunction<Labelled<T>> value) {
        CounterSnapshot.Builder counter = CounterSnapshot.builder().name(name).help(help);
        for (Labelled<T> item : items) {
            counter.dataPoint(new CounterDataPointSnapshot(value.applyAsDouble(item), item.labels, null, 0));
        }
        return counter.build();
    }

    /** Nothing for an item whose latency is not tracked ({@code --e2e-processing-latency-percentile} unset). */
    private static <T> GaugeSnapshot latency(String name, String help, List<Labelled<T>> items,
                                             Function<Labelled<T>, E2eLatency> latency) {
        GaugeSnapshot.Builder gauge = GaugeSnapshot.builder().name(name).help(help);
        for (Labelled<T> item : items) {
            List<E2eLatency.Percentile> percentiles = latency.apply(item).percentiles();
            if (percentiles == null) {
                continue;
            }
            Labels itemLabels = item.labels;
            for (E2eLatency.Percentile percentile : percentiles) {
                gauge.dataPoint(new GaugeDataPointSnapshot(percentile.valueNanos() / NANOS_PER_SECOND,
                        itemLabels.add("quantile", Double.toString(percentile.quantile())), null));
            }
        }
        return gauge.build();
    }

    /** A topic or channel with its labels. */
    private record Labelled<T>(Labels labels, T item) {
    }
}
