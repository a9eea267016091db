package io.jnsq.broker.v2;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.ReferenceCountUtil;

import java.util.concurrent.TimeUnit;

/**
 * Ends a connection after a fatal error frame so that the client can read the frame. Closing a socket
 * whose receive buffer still holds unread bytes (commands the client pipelined after the refused one)
 * makes the kernel send a reset, and a reset can reach the client before it has read the frame. So:
 * flush, half-close our side (the client reads the frame, then EOF), read and discard whatever still
 * arrives, and close once the client closes its side, or after {@link #LINGER_MILLIS} or
 * {@link #MAX_DISCARDED_BYTES}, whichever comes first.
 */
final class LingeringClose extends ChannelInboundHandlerAdapter {

    static final long LINGER_MILLIS = 1_000;
    static final long MAX_DISCARDED_BYTES = 1 << 20;

    private static final String NAME = "v2-lingering-close";

    private long discarded;

    private LingeringClose() {
    }

    /** Call on the channel's event loop once the error frame has been written. */
    static void after(Channel channel) {
        if (!channel.isActive() || !(channel instanceof DuplexChannel duplex)
                || channel.pipeline().get(NAME) != null) {
            channel.close();
            return;
        }
        // first in line: nothing read from now on reaches TLS, decompression or the command decoder
        channel.pipeline().addFirst(NAME, new LingeringClose());
        duplex.shutdownOutput().addListener(done -> {
            if (!done.isSuccess()) {
                channel.close();
            }
        });
        channel.eventLoop().schedule(() -> {
            channel.close();
        }, LINGER_MILLIS, TimeUnit.MILLISECONDS);
        channel.config().setAutoRead(true);
        channel.read();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof io.netty.buffer.ByteBuf bytes) {
            discarded += bytes.readableBytes();
        }
        ReferenceCountUtil.release(msg);
        if (discarded > MAX_DISCARDED_BYTES) {
            ctx.close();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        // nothing for the handlers behind us; keep reading if auto-read was off
        if (!ctx.channel().config().isAutoRead()) {
            ctx.read();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof io.netty.channel.socket.ChannelInputShutdownEvent) {
            ctx.close();
            return;
        }
        ctx.fireUserEventTriggered(event);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
