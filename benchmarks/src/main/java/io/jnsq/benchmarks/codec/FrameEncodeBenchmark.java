package io.jnsq.benchmarks.codec;

import io.jnsq.benchmarks.BenchmarkDefaults;
import io.jnsq.protocol.frame.Frame;
import io.jnsq.protocol.frame.FrameEncoder;
import io.jnsq.protocol.frame.FrameType;
import io.jnsq.protocol.message.MessageHeader;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Server → client frames, one per operation, released at the end as the transport would after the
 * write.
 *
 * <ul>
 *   <li>{@code messageFrameCopied}: what {@code V2Client.writeOutbound} does for every delivery: one
 *       I/O buffer, the 34-byte frame and message header written into it, the body copied after.</li>
 *   <li>{@code messageFrameWrapped}: the alternative: a 34-byte header buffer plus the body array
 *       wrapped, not copied. Note that Netty's socket channels copy heap buffers into direct memory
 *       when writing, so on a real connection the copy moves rather than disappears.</li>
 *   <li>{@code frameEncoder}: {@link FrameEncoder} (response frames) through an {@link EmbeddedChannel};
 *       includes the embedded channel's own cost.</li>
 * </ul>
 */
@State(Scope.Thread)
public class FrameEncodeBenchmark extends BenchmarkDefaults {

    @Param({"16", "200", "1024", "65536"})
    public int bodySize;

    @Param({"adaptive", "pooled", "unpooled"})
    public String allocator;

    private ByteBufAllocator alloc;
    private byte[] body;
    private ByteBuf responseData;
    private EmbeddedChannel encoder;
    private long id;
    private final long timestamp = System.currentTimeMillis() * 1_000_000L;

    @Setup
    public void prepare() {
        alloc = Allocators.named(allocator);
        body = new byte[bodySize];
        ThreadLocalRandom.current().nextBytes(body);
        responseData = Unpooled.unreleasableBuffer(alloc.directBuffer(bodySize).writeBytes(body));
        encoder = new EmbeddedChannel(FrameEncoder.INSTANCE);
        encoder.config().setAllocator(alloc);
    }

    @TearDown
    public void close() {
        encoder.finishAndReleaseAll();
    }

    @Benchmark
    public int messageFrameCopied() {
        ByteBuf frame = alloc.ioBuffer(MessageHeader.FRAME_PREFIX_LENGTH + body.length);
        MessageHeader.writeFramePrefix(frame, timestamp, 1, id++, body.length);
        frame.writeBytes(body);
        int written = frame.readableBytes();
        frame.release();
        return written;
    }

    @Benchmark
    public int messageFrameWrapped() {
        ByteBuf header = alloc.ioBuffer(MessageHeader.FRAME_PREFIX_LENGTH);
        MessageHeader.writeFramePrefix(header, timestamp, 1, id++, body.length);
        ByteBuf data = Unpooled.wrappedBuffer(body);
        int written = header.readableBytes() + data.readableBytes();
        header.release();
        data.release();
        return written;
    }

    @Benchmark
    public int frameEncoder() {
        encoder.writeOutbound(new Frame(FrameType.RESPONSE, responseData.duplicate()));
        ByteBuf header = encoder.readOutbound();
        ByteBuf data = encoder.readOutbound();
        int written = header.readableBytes() + data.readableBytes();
        header.release();
        data.release();
        return written;
    }
}
