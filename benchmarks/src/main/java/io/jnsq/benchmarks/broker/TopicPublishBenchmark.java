package io.jnsq.benchmarks.broker;

import io.jnsq.benchmarks.BenchmarkDefaults;
import io.jnsq.benchmarks.MemoryOnlyBroker;
import io.jnsq.broker.Broker;
import io.jnsq.broker.BrokerException;
import io.jnsq.broker.Channel;
import io.jnsq.broker.InProcessConsumer;
import io.jnsq.broker.Message;
import io.jnsq.broker.config.BrokerConfig;
import io.jnsq.broker.Topic;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.ArrayList;
import java.util.List;

/**
 * Publishing into a topic with 1 or 3 channels, each with one consumer, the way V2's PUB and MPUB
 * handlers do it: {@code newMessage} (id and timestamp) then {@code put} or {@code putAll}.
 *
 * <ul>
 *   <li>{@code consumer=fin}: the consumer is ready (RDY 2500); each message is delivered at once and
 *       finished right after the publish returns: publish + dispatch + in-flight tracking + FIN.</li>
 *   <li>{@code consumer=idle}: the consumer is subscribed with RDY 0, so messages queue in the
 *       channel's memory; every {@value #EMPTY_EVERY} messages the channels are emptied to bound the
 *       heap (amortized, a few nanoseconds per message).</li>
 * </ul>
 * Scores are messages per second; bodies are 200 bytes, shared, so no body is allocated per operation.
 */
@State(Scope.Thread)
public class TopicPublishBenchmark extends BenchmarkDefaults {

    static final int BATCH = 200;
    static final int EMPTY_EVERY = 100_000;

    @Param({"1", "3"})
    public int channels;

    @Param({"fin", "idle"})
    public String consumer;

    private Broker broker;
    private Topic topic;
    private Channel[] subscriptions;
    private InProcessConsumer[] consumers;
    private final byte[] body = new byte[200];
    private final List<Message> batch = new ArrayList<>(BATCH);
    private boolean finishing;
    private long published;

    @Setup
    public void prepare() throws BrokerException {
        broker = MemoryOnlyBroker.create(BrokerConfig.builder().queues(q -> q.memQueueSize(4L * EMPTY_EVERY)).build());
        topic = broker.topic("bench");
        finishing = switch (consumer) {
            case "fin" -> true;
            case "idle" -> false;
            default -> throw new IllegalArgumentException("consumer must be fin or idle, got " + consumer);
        };
        subscriptions = new Channel[channels];
        consumers = new InProcessConsumer[channels];
        for (int i = 0; i < channels; i++) {
            subscriptions[i] = topic.channel("ch" + i);
            consumers[i] = new InProcessConsumer(broker.nextClientId(), finishing ? 2500 : 0, MSG_TIMEOUT_NANOS);
            subscriptions[i].addConsumer(consumers[i]);
        }
    }

    @TearDown
    public void close() {
        broker.close();
    }

    @Benchmark
    public long put() throws BrokerException {
        topic.put(topic.newMessage(body));
        afterPublish(1);
        return published;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long putAll() throws BrokerException {
        batch.clear();
        for (int i = 0; i < BATCH; i++) {
            batch.add(topic.newMessage(body));
        }
        topic.putAll(batch);
        afterPublish(BATCH);
        return published;
    }

    private void afterPublish(int messages) throws BrokerException {
        long before = published;
        published += messages;
        if (finishing) {
            for (int i = 0; i < channels; i++) {
                for (Message message; (message = consumers[i].poll()) != null; ) {
                    subscriptions[i].finish(consumers[i], message.id());
                }
            }
        } else if (before / EMPTY_EVERY != published / EMPTY_EVERY) {
            for (Channel channel : subscriptions) {
                channel.empty();
            }
        }
    }
}
