package io.jnsq.protocol.transport;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The socket transports jnsq's servers run on: native epoll on Linux, NIO everywhere. One place for the
 * choice, so the TCP, HTTP and HTTPS listeners and the benchmarks pick alike.
 */
public enum Transports {

    NIO {
        @Override
        public boolean isAvailable() {
            return true;
        }

        @Override
        public IoHandlerFactory ioHandlerFactory() {
            return NioIoHandler.newFactory();
        }

        @Override
        public Class<? extends ServerChannel> serverChannelClass() {
            return NioServerSocketChannel.class;
        }
    },

    EPOLL {
        @Override
        public boolean isAvailable() {
            return Epoll.isAvailable();
        }

        @Override
        public IoHandlerFactory ioHandlerFactory() {
            return EpollIoHandler.newFactory();
        }

        @Override
        public Class<? extends ServerChannel> serverChannelClass() {
            return EpollServerSocketChannel.class;
        }
    };

    private static final Logger log = LoggerFactory.getLogger(Transports.class);

    public abstract boolean isAvailable();

    public abstract IoHandlerFactory ioHandlerFactory();

    public abstract Class<? extends ServerChannel> serverChannelClass();

    /**
     * Epoll when this platform has it and NIO is not forced, NIO otherwise; logs the choice.
     *
     * @param listener names the listener in the log line, e.g. {@code "TCP"}
     */
    public static Transports select(boolean forceNio, String listener) {
        if (forceNio) {
            log.info("{}: using the NIO transport (forced)", listener);
            return NIO;
        }
        if (EPOLL.isAvailable()) {
            log.info("{}: using the epoll transport", listener);
            return EPOLL;
        }
        log.info("{}: using the NIO transport (epoll unavailable: {})", listener, Epoll.unavailabilityCause().toString());
        return NIO;
    }

    /** @param threads 0 for Netty's default (twice the available processors) */
    public EventLoopGroup newEventLoopGroup(int threads, String threadNamePrefix) {
        return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(threadNamePrefix), ioHandlerFactory());
    }
}
