package io.jnsq.broker.v2;

import io.jnsq.protocol.frame.Frames;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.compression.JdkZlibDecoder;
import io.netty.handler.codec.compression.JdkZlibEncoder;
import io.netty.handler.codec.compression.ZlibWrapper;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves a V2 connection onto TLS and/or a compressed stream once the IDENTIFY reply has gone out in
 * plain text, in nsqd's order: TLS handshake, {@code OK} inside TLS, then compression and an {@code OK}
 * that is itself compressed (inside TLS when both). Bytes the client pipelined behind IDENTIFY are
 * handed to the new transport, never decoded as commands; the command decoder waits until the last
 * {@code OK} is on its way.
 */
final class StreamUpgrader {

    private static final Logger log = LoggerFactory.getLogger(StreamUpgrader.class);

    /** nsqd's deadline for the TLS handshake after IDENTIFY. */
    static final long TLS_HANDSHAKE_TIMEOUT_MILLIS = 5_000;

    /** Slack above the largest command body for one read's worth of inflated bytes. */
    private static final int INFLATE_SLACK = 64 * 1024;

    private final V2Client client;
    private final SslContext sslContext;
    private final long maxBodySize;

    StreamUpgrader(V2Client client, SslContext sslContext, long maxBodySize) {
        this.client = client;
        this.sslContext = sslContext;
        this.maxBodySize = maxBodySize;
    }

    /** Whether IDENTIFY may offer {@code tls_v1}: the server has a certificate and key. */
    boolean tlsAvailable() {
        return sslContext != null;
    }

    /** Starts the upgrades; called on the event loop right after the IDENTIFY reply was flushed. */
    void upgrade(ChannelPipeline pipeline, CommandDecoder decoder, NegotiatedUpgrades upgrades) {
        if (!upgrades.tls()) {
            compress(pipeline, decoder, upgrades, null);
            return;
        }
        log.info("PROTOCOL(V2): [{}] upgrading connection to TLS", client.remoteAddress());
        decoder.pause();
        SslHandler tls = sslContext.newHandler(pipeline.channel().alloc());
        tls.setHandshakeTimeoutMillis(TLS_HANDSHAKE_TIMEOUT_MILLIS);
        pipeline.addFirst(V2HandlerNames.TLS, tls);
        decoder.handOffUndecoded(pipeline::fireChannelRead);
        tls.handshakeFuture().addListener((Future<io.netty.channel.Channel> handshake) -> {
            if (!handshake.isSuccess()) {
                refuseAfterFailedHandshake(pipeline, handshake.cause());
                return;
            }
            client.tlsEstablished(tls.engine().getSession());
            client.respond(Frames.ok());
            compress(pipeline, decoder, upgrades, V2HandlerNames.TLS);
            decoder.resume();
        });
    }

    /** Adds the compression codecs just inside {@code after} (or first), then answers {@code OK} through them. */
    private void compress(ChannelPipeline pipeline, CommandDecoder decoder, NegotiatedUpgrades upgrades, String after) {
        if (!upgrades.compressed()) {
            return;
        }
        ChannelHandler inflater;
        ChannelHandler deflater;
        if (upgrades.snappy()) {
            log.info("PROTOCOL(V2): [{}] upgrading connection to snappy", client.remoteAddress());
            inflater = new SnappyFrameReader();
            deflater = new SnappyFrameWriter();
        } else {
            log.info("PROTOCOL(V2): [{}] upgrading connection to deflate (level {})", client.remoteAddress(),
                    upgrades.deflateLevel());
            inflater = new JdkZlibDecoder(ZlibWrapper.NONE, (int) Math.min(Integer.MAX_VALUE - INFLATE_SLACK, maxBodySize) + INFLATE_SLACK);
            deflater = new JdkZlibEncoder(ZlibWrapper.NONE, upgrades.deflateLevel());
        }
        // inbound: [tls] → decompress → commands; outbound: frames → coalesce → compress → [tls]
        if (after == null) {
            pipeline.addFirst(V2HandlerNames.COALESCE, new FlushCoalescer());
            pipeline.addFirst(V2HandlerNames.COMPRESS, deflater);
            pipeline.addFirst(V2HandlerNames.DECOMPRESS, inflater);
        } else {
            pipeline.addAfter(after, V2HandlerNames.DECOMPRESS, inflater);
            pipeline.addAfter(V2HandlerNames.DECOMPRESS, V2HandlerNames.COMPRESS, deflater);
            pipeline.addAfter(V2HandlerNames.COMPRESS, V2HandlerNames.COALESCE, new FlushCoalescer());
        }
        ChannelHandlerContext before = after == null ? null : pipeline.context(after);
        decoder.handOffUndecoded(undecoded -> {
            if (before == null) {
                pipeline.fireChannelRead(undecoded);
            } else {
                before.fireChannelRead(undecoded);
            }
        });
        client.compressed(upgrades.snappy(), upgrades.deflate());
        client.respond(Frames.ok());
    }

    /**
     * nsqd answers a failed handshake with {@code E_IDENTIFY_FAILED} on the plain stream and closes; the
     * frame is written beneath the TLS handler, for whatever client can still read it.
     */
    private void refuseAfterFailedHandshake(ChannelPipeline pipeline, Throwable cause) {
        String reason = cause == null ? "TLS handshake failed" : cause.getMessage();
        log.info("PROTOCOL(V2): [{}] IDENTIFY failed {}", client.remoteAddress(), reason);
        ChannelHandlerContext tls = pipeline.context(V2HandlerNames.TLS);
        if (tls == null || !pipeline.channel().isActive()) {
            pipeline.channel().close();
            return;
        }
        ByteBuf frame = Frames.error(pipeline.channel().alloc(), V2Errors.identifyFailed(reason));
        tls.writeAndFlush(frame).addListener(io.netty.channel.ChannelFutureListener.CLOSE);
    }
}
