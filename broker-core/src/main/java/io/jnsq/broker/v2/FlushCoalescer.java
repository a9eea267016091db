package io.jnsq.broker.v2;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.CoalescingBufferQueue;

/**
 * Gathers the frames written between two flushes into one buffer for the compressor behind it, so a
 * flush is compressed as one block the way nsqd compresses its buffered writer's contents: frame by
 * frame, every 200-byte message would end in its own sync marker or snappy chunk.
 */
final class FlushCoalescer extends ChannelOutboundHandlerAdapter {

    private CoalescingBufferQueue pending;

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        pending = new CoalescingBufferQueue(ctx.channel());
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof ByteBuf buffer) {
            pending.add(buffer, promise);
        } else {
            ctx.write(msg, promise);
        }
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        if (!pending.isEmpty()) {
            // the frames' own promises are mostly void: a failed write must still reach exceptionCaught
            ChannelPromise written = ctx.newPromise();
            written.addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
            ByteBuf gathered = pending.remove(ctx.alloc(), pending.readableBytes(), written);
            ctx.write(contiguous(ctx, gathered), written);
        }
        ctx.flush();
    }

    /** Compressors read their input byte by byte; on a composite buffer each read is a component lookup. */
    private static ByteBuf contiguous(ChannelHandlerContext ctx, ByteBuf gathered) {
        if (!(gathered instanceof CompositeByteBuf)) {
            return gathered;
        }
        try {
            return ctx.alloc().heapBuffer(gathered.readableBytes()).writeBytes(gathered);
        } finally {
            gathered.release();
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        pending.releaseAndFailAll(new java.nio.channels.ClosedChannelException());
    }
}
