package io.jnsq.broker.v2;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class FlushCoalescerTest {

    @Test
    void framesWrittenBetweenFlushesLeaveAsOneBuffer() {
        EmbeddedChannel channel = new EmbeddedChannel(new FlushCoalescer());
        channel.write(Unpooled.copiedBuffer("one,", StandardCharsets.US_ASCII), channel.voidPromise());
        channel.write(Unpooled.copiedBuffer("two", StandardCharsets.US_ASCII), channel.voidPromise());
        assertEquals(0, channel.outboundMessages().size());
        channel.flush();
        ByteBuf gathered = channel.readOutbound();
        assertEquals("one,two", gathered.toString(StandardCharsets.US_ASCII));
        gathered.release();
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void aFailedWriteOfVoidPromisedFramesReachesExceptionCaught() {
        EmbeddedChannel channel = new EmbeddedChannel(new ChannelOutboundHandlerAdapter() {
            @Override
            public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
                ReferenceCountUtil.release(msg);
                promise.setFailure(new IllegalStateException("compressor failed"));
            }
        }, new FlushCoalescer());
        channel.writeAndFlush(Unpooled.copiedBuffer("frame", StandardCharsets.US_ASCII), channel.voidPromise());
        assertThrows(IllegalStateException.class, channel::checkException);
        channel.finishAndReleaseAll();
    }
}
