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
import org.openjdk.jmh.infra.Blackhole;

import java.nio.charset.StandardCharsets;

/**
 * V2's command decoder on the line a consumer sends for every message: {@code FIN <16 hex id>}. One
 * read holds {@value #LINES_PER_READ} of them (consumers batch their FINs); the score is per line.
 * With {@code -prof gc} this shows what each acknowledged message costs in garbage.
 */
@State(Scope.Thread)
public class LineCommandDecodeBenchmark extends BenchmarkDefaults {

    static final int LINES_PER_READ = 64;

    @Param({"adaptive", "pooled", "unpooled"})
    public String allocator;

    private Broker broker;
    private EmbeddedChannel decoder;
    private ByteBuf fins;

    @Setup
    public void prepare() {
        broker = MemoryOnlyBroker.create(BrokerConfig.defaults());
        ByteBufAllocator alloc = Allocators.named(allocator);
        decoder = V2Decoding.decoderOnly(broker, alloc);
        fins = alloc.directBuffer();
        for (int i = 0; i < LINES_PER_READ; i++) {
            fins.writeCharSequence(String.format("FIN 0a1b2c3d4e5f%04x\n", i), StandardCharsets.US_ASCII);
        }
    }

    @TearDown
    public void close() {
        decoder.finishAndReleaseAll();
        fins.release();
        broker.close();
    }

    @Benchmark
    @OperationsPerInvocation(LINES_PER_READ)
    public void fin(Blackhole blackhole) {
        decoder.writeInbound(fins.retainedDuplicate());
        for (Object command; (command = decoder.readInbound()) != null; ) {
            blackhole.consume(command);
        }
    }
}
