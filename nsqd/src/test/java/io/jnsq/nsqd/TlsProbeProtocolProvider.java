package io.jnsq.nsqd;

import io.jnsq.protocol.Protocol;
import io.jnsq.protocol.ProtocolContext;
import io.jnsq.protocol.ProtocolMagic;
import io.jnsq.protocol.ProtocolProvider;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.SslContext;

import java.nio.charset.StandardCharsets;

/**
 * A test protocol (magic {@code "  TP"}) that answers {@code tls} when the launcher offered the TCP
 * protocols its {@link SslContext}, {@code plain} otherwise, then closes: what V2's TLS upgrade will find.
 */
public final class TlsProbeProtocolProvider implements ProtocolProvider {

    static final String MAGIC = "  TP";

    @Override
    public Protocol create(ProtocolContext context) {
        String answer = context.find(SslContext.class).isPresent() ? "tls" : "plain";
        return new Protocol() {
            @Override
            public ProtocolMagic magic() {
                return ProtocolMagic.of(MAGIC);
            }

            @Override
            public String name() {
                return "TLS probe";
            }

            @Override
            public void takeOver(ChannelPipeline pipeline) {
                pipeline.channel().writeAndFlush(Unpooled.copiedBuffer(answer, StandardCharsets.US_ASCII))
                        .addListener(ChannelFutureListener.CLOSE);
            }
        };
    }
}
