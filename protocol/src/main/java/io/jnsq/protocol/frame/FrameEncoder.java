package io.jnsq.protocol.frame;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;

import java.util.List;

/**
 * Writes a {@link Frame} as an 8-byte header buffer followed by the frame's own data buffer: the data
 * is passed on, never copied (a gathering write sends both).
 */
@ChannelHandler.Sharable
public final class FrameEncoder extends MessageToMessageEncoder<Frame> {

    public static final FrameEncoder INSTANCE = new FrameEncoder();

    private FrameEncoder() {
        super(Frame.class);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Frame frame, List<Object> out) {
        ByteBuf data = frame.content();
        ByteBuf header = ctx.alloc().ioBuffer(Frame.HEADER_LENGTH);
        Frames.writeHeader(header, frame.type(), data.readableBytes());
        out.add(header);
        out.add(data.retain());
    }
}
