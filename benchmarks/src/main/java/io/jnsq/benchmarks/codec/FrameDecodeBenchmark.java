package io.jnsq.benchmarks.codec;

import io.jnsq.benchmarks.BenchmarkDefaults;
import io.jnsq.protocol.frame.Frame;
import io.jnsq.protocol.frame.FrameDecoder;
import io.jnsq.protocol.message.MessageHeader;
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

import java.util.concurrent.ThreadLocalRandom;

/**
 * The client side of a subscription: {@link FrameDecoder} turning one socket read that holds
 * {@value #FRAMES_PER_READ} message frames into {@link Frame}s, each a retained slice of the read,
 * and the consumer reading the message id from the header. Scores are per frame.
 */
@State(Scope.Thread)
public class FrameDecodeBenchmark extends BenchmarkDefaults {

    static final int FRAMES_PER_READ = 16;

    @Param({"16", "200", "1024", "65536"})
    public int bodySize;

    @Param({"adaptive", "pooled", "unpooled"})
    public String allocator;

    private ByteBuf read;
    private EmbeddedChannel decoder;

    @Setup
    public void prepare() {
        ByteBufAllocator alloc = Allocators.named(allocator);
        byte[] body = new byte[bodySize];
        ThreadLocalRandom.current().nextBytes(body);
        read = alloc.directBuffer(FRAMES_PER_READ * (MessageHeader.FRAME_PREFIX_LENGTH + bodySize));
        long timestamp = System.currentTimeMillis() * 1_000_000L;
        for (int i = 0; i < FRAMES_PER_READ; i++) {
            MessageHeader.writeFramePrefix(read, timestamp, 1, 0x0a1b2c3d4e5f6000L + i, bodySize);
            read.writeBytes(body);
        }
        decoder = new EmbeddedChannel(new FrameDecoder(Integer.MAX_VALUE));
        decoder.config().setAllocator(alloc);
    }

    @TearDown
    public void close() {
        decoder.finishAndReleaseAll();
        read.release();
    }

    @Benchmark
    @OperationsPerInvocation(FRAMES_PER_READ)
    public void decodeRead(Blackhole blackhole) {
        decoder.writeInbound(read.retainedDuplicate());
        for (Frame frame; (frame = decoder.readInbound()) != null; ) {
            blackhole.consume(MessageHeader.id(frame.content()));
            frame.release();
        }
    }
}
