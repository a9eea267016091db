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
        List<Stats.TopicStats> topics = snapshot.topics();
        List<ChannelOfTopic> channels = new ArrayList<>();
        for (Stats.TopicStats topic : topics) {
            for (Stats.ChannelStats channel : topic.channels()) {
                channels.add(new ChannelOfTopic(topic.name(), channel));
            }
        }
        List<MetricSnapshot> metrics = new ArrayList<>(24);
        metrics.add(gauge("nsq_topic_depth", "Messages waiting in the topic, in memory and on disk",
                topics, NsqCollector::topicLabels, Stats.TopicStats::depth));
        metrics.add(gauge("nsq_topic_backend_depth", "Messages waiting in the topic's disk queue",
                topics, NsqCollector::topicLabels, Stats.TopicStats::backendDepth));
        metrics.add(counter("nsq_topic_messages", "Messages published to the topic",
                topics, NsqCollector::topicLabels, Stats.TopicStats::messageCount));
        metrics.add(counter("nsq_topic_message_bytes", "Bytes of message bodies published to the topic",
                topics, NsqCollector::topicLabels, Stats.TopicStats::messageBytes));
        metrics.add(gauge("nsq_topic_paused", "1 when the topic is paused",
                topics, NsqCollector::topicLabels, topic -> topic.paused() ? 1 : 0));

        metrics.add(gauge("nsq_channel_depth", "Messages waiting in the channel, in memory and on disk",
                channels, ChannelOfTopic::labels, c -> c.channel.depth()));
        metrics.add(gauge("nsq_channel_backend_depth", "Messages waiting in the channel's disk queue",
                channels, ChannelOfTopic::labels, c -> c.channel.backendDepth()));
        metrics.add(gauge("nsq_channel_in_flight_messages", "Messages delivered and not yet finished",
                channels, ChannelOfTopic::labels, c -> c.channel.inFlightCount()));
        metrics.add(gauge("nsq_channel_deferred_messages", "Messages waiting for their delay to pass",
                channels, ChannelOfTopic::labels, c -> c.channel.deferredCount()));
        metrics.add(counter("nsq_channel_messages", "Messages the channel has received from its topic",
                channels, ChannelOfTopic::labels, c -> c.channel.messageCount()));
        metrics.add(counter("nsq_channel_requeues", "Messages requeued by consumers (REQ)",
                channels, ChannelOfTopic::labels, c -> c.channel.requeueCount()));
        metrics.add(counter("nsq_channel_timeouts", "In-flight messages that timed out",
                channels, ChannelOfTopic::labels, c -> c.channel.timeoutCount()));
        metrics.add(gauge("nsq_channel_clients", "Consumers subscribed to the channel",
                channels, ChannelOfTopic::labels, c -> c.channel.clientCount()));
        metrics.add(gauge("nsq_channel_paused", "1 when the channel is paused",
                channels, ChannelOfTopic::labels, c -> c.channel.paused() ? 1 : 0));

        metrics.add(latency("nsq_topic_e2e_processing_latency_seconds",
                "Publish-to-FIN latency over the e2e window by quantile, all the topic's channels together",
                topics, NsqCollector::topicLabels, Stats.TopicStats::e2eLatency));
        metrics.add(latency("nsq_channel_e2e_processing_latency_seconds",
                "Publish-to-FIN latency over the e2e window by quantile",
                channels, ChannelOfTopic::labels, c -> c.channel.e2eLatency()));
        return new MetricSnapshots(metrics);
    }

    private static Labels topicLabels(Stats.TopicStats topic) {
        return Labels.of("topic", topic.name());
    }

    private static <T> GaugeSnapshot gauge(String name, String help, List<T> items, Function<T, Labels> labels,
                                           ToDoubleFunction<T> value) {
        GaugeSnapshot.Builder gauge = GaugeSnapshot.builder().name(name).help(help);
        for (T item : items) {
            gauge.dataPoint(new GaugeDataPointSnapshot(value.applyAsDouble(item), labels.apply(item), null));
        }
        return gauge.build();
    }

    /** @param name without {@code _total}, which the text format adds */
    private static <T> CounterSnapshot counter(String name, String help, List<T> items,
                                               Function<T, Labels> labels, ToDoubleFunction<T> value) {
        CounterSnapshot.Builder counter = CounterSnapshot.builder().name(name).help(help);
        for (T item : items) {
            counter.dataPoint(CounterDataPointSnapshot.builder().labels(labels.apply(item))
                    .value(value.applyAsDouble(item)).build());
        }
        return counter.build();
    }

    /** Nothing for an item whose latency is not tracked ({@code --e2e-processing-latency-percentile} unset). */
    private static <T> GaugeSnapshot latency(String name, String help, List<T> items, Function<T, Labels> labels,
                                             Function<T, E2eLatency> latency) {
        GaugeSnapshot.Builder gauge = GaugeSnapshot.builder().name(name).help(help);
        for (T item : items) {
            List<E2eLatency.Percentile> percentiles = latency.apply(item).percentiles();
            if (percentiles == null) {
                continue;
            }
            Labels itemLabels = labels.apply(item);
            for (E2eLatency.Percentile percentile : percentiles) {
                gauge.dataPoint(new GaugeDataPointSnapshot(percentile.valueNanos() / NANOS_PER_SECOND,
                        itemLabels.add("quantile", Double.toString(percentile.quantile())), null));
            }
        }
        return gauge.build();
    }

    private record ChannelOfTopic(String topic, Stats.ChannelStats channel) {

        Labels labels() {
            return Labels.of("topic", topic, "channel", channel.name());
        }
    }
}
