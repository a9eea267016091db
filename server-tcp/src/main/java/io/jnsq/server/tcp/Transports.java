package io.jnsq.server.tcp;

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

/** The socket transports the server can run on: native epoll on Linux, NIO everywhere. */
enum Transports {

    NIO {
        @Override
        boolean isAvailable() {
            return true;
        }

        @Override
        IoHandlerFactory ioHandlerFactory() {
            return NioIoHandler.newFactory();
        }

        @Override
        Class<? extends ServerChannel> serverChannelClass() {
            return NioServerSocketChannel.class;
        }
    },

    EPOLL {
        @Override
        boolean isAvailable() {
            return Epoll.isAvailable();
        }

        @Override
        IoHandlerFactory ioHandlerFactory() {
            return EpollIoHandler.newFactory();
        }

        @Override
        Class<? extends ServerChannel> serverChannelClass() {
            return EpollServerSocketChannel.class;
        }
    };

    private static final Logger log = LoggerFactory.getLogger(Transports.class);

    abstract boolean isAvailable();

    abstract IoHandlerFactory ioHandlerFactory();

    abstract Class<? extends ServerChannel> serverChannelClass();

    /** Epoll when this platform has it and NIO is not forced, NIO otherwise; logs the choice. */
    static Transports select(boolean forceNio) {
        if (forceNio) {
            log.info("TCP: using the NIO transport (forced)");
            return NIO;
        }
        if (EPOLL.isAvailable()) {
            log.info("TCP: using the epoll transport");
            return EPOLL;
        }
        log.info("TCP: using the NIO transport (epoll unavailable: {})", Epoll.unavailabilityCause().toString());
        return NIO;
    }

    /** @param threads 0 for Netty's default (twice the available processors) */
    EventLoopGroup newEventLoopGroup(int threads, String threadNamePrefix) {
        return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(threadNamePrefix), ioHandlerFactory());
    }
}
