package io.jnsq.benchmarks.codec;

import io.jnsq.benchmarks.BenchmarkDefaults;
import io.jnsq.benchmarks.MemoryOnlyBroker;
import io.jnsq.broker.Broker;
import io.jnsq.broker.config.BrokerConfig;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * V2's command decoder on publishes: {@code pub} is one PUB per operation, {@code mpub} one MPUB of
 * {@value #MPUB_BATCH} messages per invocation with the score per message. Each invocation hands the
 * decoder one complete command in one buffer, as if it came in one read; the bodies come out as
 * {@code byte[]}s, the one copy a message is meant to cost.
 */
@State(Scope.Thread)
public class CommandDecodeBenchmark extends BenchmarkDefaults {

    static final int MPUB_BATCH = 100;
    private static final String TOPIC = "bench";

    @Param({"16", "200", "1024", "65536"})
    public int bodySize;

    @Param({"adaptive", "pooled", "unpooled"})
    public String allocator;

    private Broker broker;
    private EmbeddedChannel decoder;
    private ByteBuf pub;
    private ByteBuf mpub;

    @Setup
    public void prepare() {
        // room for an MPUB of 100 x 64 KiB (nsqd's default --max-body-size is 5 MiB)
        broker = MemoryOnlyBroker.create(BrokerConfig.builder().messages(m -> m.maxBodySize(16L * 1024 * 1024)).build());
        ByteBufAllocator alloc = Allocators.named(allocator);
        decoder = V2Decoding.decoderOnly(broker, alloc);
        byte[] body = new byte[bodySize];
        ThreadLocalRandom.current().nextBytes(body);

        pub = alloc.directBuffer();
        pub.writeCharSequence("PUB " + TOPIC + "\n", StandardCharsets.US_ASCII);
        pub.writeInt(bodySize).writeBytes(body);

        mpub = alloc.directBuffer();
        mpub.writeCharSequence("MPUB " + TOPIC + "\n", StandardCharsets.US_ASCII);
        mpub.writeInt(4 + MPUB_BATCH * (4 + bodySize)).writeInt(MPUB_BATCH);
        for (int i = 0; i < MPUB_BATCH; i++) {
            mpub.writeInt(bodySize).writeBytes(body);
        }
    }

    @TearDown
    public void close() {
        decoder.finishAndReleaseAll();
        pub.release();
        mpub.release();
        broker.close();
    }

    @Benchmark
    public Object pub() {
        decoder.writeInbound(pub.retainedDuplicate());
        return decoder.readInbound();
    }

    @Benchmark
    @OperationsPerInvocation(MPUB_BATCH)
    public Object mpub() {
        decoder.writeInbound(mpub.retainedDuplicate());
        return decoder.readInbound();
    }
}
