package io.jnsq.server.tcp;

import io.jnsq.protocol.Protocol;
import io.jnsq.protocol.ProtocolMagic;
import io.jnsq.protocol.ProtocolRegistry;
import io.jnsq.protocol.error.ErrorCode;
import io.jnsq.protocol.frame.Frames;
import io.jnsq.protocol.transport.SocketAddresses;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * The first handler of every accepted connection: reads the 4-byte magic and gives the connection to
 * the protocol registered for it, or answers {@code E_BAD_PROTOCOL} and closes.
 *
 * <p>It waits for exactly four bytes and never more, because a client may send only the magic and then
 * wait for the server. When it removes itself, {@link ByteToMessageDecoder} passes any bytes that came
 * in with the magic on to the protocol's handlers, in order. One instance per connection.
 */
final class MagicSniffer extends ByteToMessageDecoder {

    private static final Logger log = LoggerFactory.getLogger(MagicSniffer.class);

    private final ProtocolRegistry registry;

    /** Set once the connection is being closed; whatever else the client sends is dropped. */
    private boolean discarding;

    MagicSniffer(ProtocolRegistry registry) {
        this.registry = registry;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (discarding) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (in.readableBytes() < ProtocolMagic.LENGTH) {
            return;
        }
        int magic = in.readInt();
        Protocol protocol = registry.lookup(magic);
        if (protocol == null) {
            rejectBadMagic(ctx, in, magic);
        } else {
            handOver(ctx, in, protocol);
        }
    }

    private void rejectBadMagic(ChannelHandlerContext ctx, ByteBuf in, int magic) {
        log.info("TCP: client({}) bad protocol magic {}", SocketAddresses.format(ctx.channel().remoteAddress()), new ProtocolMagic(magic));
        discardFromNowOn(in);
        ctx.writeAndFlush(Frames.error(ctx.alloc(), ErrorCode.E_BAD_PROTOCOL, ""))
                .addListener(ChannelFutureListener.CLOSE);
    }

    private void handOver(ChannelHandlerContext ctx, ByteBuf in, Protocol protocol) {
        if (log.isDebugEnabled()) {
            log.debug("TCP: client({}) speaks {}", SocketAddresses.format(ctx.channel().remoteAddress()), protocol.name());
        }
        try {
            protocol.takeOver(ctx.pipeline());
            ctx.pipeline().addLast(TcpHandlerNames.CONNECTION_ERRORS, ConnectionErrorHandler.INSTANCE);
        } catch (RuntimeException e) {
            log.warn("TCP: client({}) protocol {} failed to take over the connection; closing it",
                    SocketAddresses.format(ctx.channel().remoteAddress()), protocol.name(), e);
            discardFromNowOn(in);
            ctx.close();
            return;
        }
        // the bytes left in the cumulation go to the protocol's first handler once this returns
        ctx.pipeline().remove(this);
    }

    private void discardFromNowOn(ByteBuf in) {
        discarding = true;
        in.skipBytes(in.readableBytes());
    }

    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (!discarding && log.isDebugEnabled()) {
            log.debug("TCP: client({}) closed after {} of {} magic bytes",
                    SocketAddresses.format(ctx.channel().remoteAddress()), in.readableBytes(), ProtocolMagic.LENGTH);
        }
        in.skipBytes(in.readableBytes());
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ConnectionErrorHandler.closeOnError(ctx, cause);
    }
}
