package io.jnsq.protocol.frame;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;

import java.util.List;

/**
 * Reads server → client frames (the client's side of the stream, used by tools, tests and the
 * benchmarks). Each {@link Frame}'s data is a retained slice of the inbound buffer, not a copy.
 */
public final class FrameDecoder extends ByteToMessageDecoder {

    private final int maxFrameSize;

    public FrameDecoder(int maxFrameSize) {
        this.maxFrameSize = maxFrameSize;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.readableBytes() >= Frame.HEADER_LENGTH) {
            int start = in.readerIndex();
            int size = in.getInt(start);
            if (size < 4) {
                throw new CorruptedFrameException("frame size " + size + " is smaller than its type field");
            }
            if (size > maxFrameSize) {
                throw new TooLongFrameException("frame size " + size + " exceeds " + maxFrameSize);
            }
            if (in.readableBytes() < 4 + size) {
                return;
            }
            FrameType type = FrameType.of(in.getInt(start + 4));
            in.skipBytes(Frame.HEADER_LENGTH);
            out.add(new Frame(type, in.readRetainedSlice(size - 4)));
        }
    }
}
