package io.jnsq.server.tcp;

import io.jnsq.protocol.transport.SocketAddresses;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;

/**
 * The last word on an exception no other handler dealt with: log it once and close that connection,
 * so one bad client never affects the others.
 */
@ChannelHandler.Sharable
final class ConnectionErrorHandler extends ChannelInboundHandlerAdapter {

    static final ConnectionErrorHandler INSTANCE = new ConnectionErrorHandler();

    private static final Logger log = LoggerFactory.getLogger(ConnectionErrorHandler.class);

    private ConnectionErrorHandler() {
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        closeOnError(ctx, cause);
    }

    static void closeOnError(ChannelHandlerContext ctx, Throwable cause) {
        if (!ctx.channel().isOpen()) {
            // already closing because of an earlier error, which was logged
            if (log.isDebugEnabled()) {
                log.debug("TCP: client({}) error after close: {}", SocketAddresses.format(ctx.channel().remoteAddress()), cause.toString());
            }
            return;
        }
        if (cause instanceof IOException) {
            // resets and broken pipes are how clients leave; no stack trace needed
            log.info("TCP: client({}) closing: {}", SocketAddresses.format(ctx.channel().remoteAddress()), cause.toString());
        } else {
            log.warn("TCP: client({}) closing after an unhandled error", SocketAddresses.format(ctx.channel().remoteAddress()), cause);
        }
        ctx.close();
    }
}
