package io.jnsq.benchmarks.accept;

import io.jnsq.protocol.Protocol;
import io.jnsq.protocol.ProtocolMagic;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;

/**
 * The smallest protocol a connection can be handed to: as soon as it owns the connection it writes one
 * byte and closes. The accept benchmark measures the server around it, not a protocol.
 */
final class ReplyAndCloseProtocol implements Protocol {

    static final ProtocolMagic MAGIC = ProtocolMagic.of("BNCH");
    static final int REPLY = '!';

    @Override
    public ProtocolMagic magic() {
        return MAGIC;
    }

    @Override
    public String name() {
        return "reply-and-close";
    }

    @Override
    public void takeOver(ChannelPipeline pipeline) {
        pipeline.addLast("reply-and-close", ReplyAndClose.INSTANCE);
    }

    @ChannelHandler.Sharable
    private static final class ReplyAndClose extends ChannelInboundHandlerAdapter {

        static final ReplyAndClose INSTANCE = new ReplyAndClose();

        // written as duplicates: no allocation per connection beyond Netty's own
        private static final ByteBuf REPLY_BYTE = Unpooled.unreleasableBuffer(
                Unpooled.directBuffer(1).writeByte(REPLY).asReadOnly());

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            ctx.writeAndFlush(REPLY_BYTE.duplicate()).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
