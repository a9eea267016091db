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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A channel with a backlog of {@value #BACKLOG} messages in memory and consumers holding their full
 * RDY count in flight: every acknowledgement frees one slot and the channel dispatches the next
 * backlog message into it. Consumers take turns acknowledging their oldest message.
 *
 * <ul>
 *   <li>{@code finThenPublish}: FIN, then one new message published so the backlog stays level. The
 *       publish alone is {@code TopicPublishBenchmark.put} with {@code channels=1, consumer=idle};
 *       the difference is the FIN and the dispatch.</li>
 *   <li>{@code requeue}: REQ with no delay: the message goes back to the backlog's tail and the next one
 *       is dispatched; nothing is published, a pure channel cycle.</li>
 * </ul>
 */
@State(Scope.Thread)
public class ChannelDispatchBenchmark extends BenchmarkDefaults {

    static final int BACKLOG = 10_000;

    @Param({"1", "4"})
    public int consumerCount;

    @Param({"1", "100"})
    public int rdy;

    private Broker broker;
    private Topic topic;
    private Channel channel;
    private InProcessConsumer[] consumers;
    private final byte[] body = new byte[200];
    private int turn;

    @Setup
    public void prepare() throws BrokerException {
        broker = MemoryOnlyBroker.create(BrokerConfig.builder().queues(q -> q.memQueueSize(10L * BACKLOG)).build());
        topic = broker.topic("bench");
        channel = topic.channel("ch");
        consumers = new InProcessConsumer[consumerCount];
        for (int i = 0; i < consumerCount; i++) {
            consumers[i] = new InProcessConsumer(broker.nextClientId(), 0, MSG_TIMEOUT_NANOS);
            channel.addConsumer(consumers[i]);
        }
        for (int i = 0; i < BACKLOG; i++) {
            topic.put(topic.newMessage(body));
        }
        for (InProcessConsumer consumer : consumers) {
            consumer.ready(rdy);
            channel.consumerReady();
        }
    }

    @TearDown
    public void close() {
        broker.close();
    }

    @Benchmark
    public long finThenPublish() throws BrokerException {
        InProcessConsumer consumer = nextConsumer();
        long id = consumer.poll().id();
        channel.finish(consumer, id);
        topic.put(topic.newMessage(body));
        return id;
    }

    @Benchmark
    public long requeue() throws BrokerException {
        InProcessConsumer consumer = nextConsumer();
        long id = consumer.poll().id();
        channel.requeue(consumer, id, 0);
        return id;
    }

    private InProcessConsumer nextConsumer() {
        InProcessConsumer consumer = consumers[turn];
        turn = (turn + 1) % consumers.length;
        return consumer;
    }
}
