package io.jnsq.benchmarks.codec;

import io.jnsq.broker.Broker;
import io.jnsq.broker.v2.V2Protocol;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.timeout.IdleStateHandler;

/**
 * An embedded connection with V2's real command decoder and nothing after it, so decoded commands
 * land in the channel's inbound queue instead of being executed. The decoder is package-private in
 * broker-core; {@link V2Protocol#takeOver} is the public way to get one, exactly as a connection does.
 */
final class V2Decoding {

    private V2Decoding() {
    }

    static EmbeddedChannel decoderOnly(Broker broker, ByteBufAllocator alloc) {
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.config().setAllocator(alloc);
        ChannelPipeline pipeline = channel.pipeline();
        new V2Protocol(broker).takeOver(pipeline);
        pipeline.remove(IdleStateHandler.class);
        pipeline.removeLast(); // the client handler: it would execute the commands
        return channel;
    }
}
