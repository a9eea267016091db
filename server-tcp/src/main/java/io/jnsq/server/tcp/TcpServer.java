package io.jnsq.server.tcp;

import io.jnsq.protocol.transport.Transports;
import io.jnsq.protocol.ProtocolRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * nsqd's TCP listener: accepts connections, reads each one's 4-byte magic and hands it to the
 * {@link io.jnsq.protocol.Protocol} registered for that magic. It knows no protocol and no broker.
 *
 * <p>{@link #start()} and {@link #close()} block; call them from the launcher's thread, never from one
 * of the server's event loops.
 */
public final class TcpServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TcpServer.class);

    // above the 1000 simultaneous connects a busy nsqd may see; Linux caps it at net.core.somaxconn
    private static final int ACCEPT_BACKLOG = 1024;
    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(5);
    // connections are closed and awaited before the loops shut down, so no task is left to wait for;
    // a quiet period would cost Netty's 100 ms re-check on every stop (of an embedded node, each test)
    private static final long SHUTDOWN_QUIET_PERIOD_MILLIS = 0;

    private final TcpServerConfig config;
    private final ProtocolRegistry registry;
    private final Transports transport;
    private final ConnectionTracker connections = new ConnectionTracker();

    private EventLoopGroup acceptGroup;
    private EventLoopGroup connectionGroup;
    private Channel listener;
    private volatile InetSocketAddress boundAddress;
    private boolean closed;

    public TcpServer(TcpServerConfig config, ProtocolRegistry registry) {
        this.config = Objects.requireNonNull(config, "config");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.transport = Transports.select(config.forceNio(), "TCP");
    }

    /**
     * Binds the configured address and starts accepting.
     *
     * @throws IllegalStateException when already started or closed, or when the address cannot be bound
     *                               (the cause says why, e.g. a {@link java.net.BindException})
     */
    public synchronized void start() throws InterruptedException {
        bind();
        startAccepting();
    }

    /**
     * Binds the configured address but accepts nothing yet: clients can connect (the kernel queues them)
     * and are served once {@link #startAccepting()} is called. Lets a launcher bind all its listeners
     * before any of them answers.
     *
     * @throws IllegalStateException when already bound or closed, or when the address cannot be bound
     *                               (the cause says why, e.g. a {@link java.net.BindException})
     */
    public synchronized void bind() throws InterruptedException {
        if (closed) {
            throw new IllegalStateException("TCP server is closed");
        }
        if (listener != null) {
            throw new IllegalStateException("TCP server already started on " + TcpServerConfig.formatAddress(boundAddress));
        }
        acceptGroup = transport.newEventLoopGroup(1, "jnsq-tcp-accept");
        connectionGroup = transport.newEventLoopGroup(0, "jnsq-tcp-io");
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(acceptGroup, connectionGroup)
                .channel(transport.serverChannelClass())
                .option(ChannelOption.SO_BACKLOG, ACCEPT_BACKLOG)
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(ChannelOption.AUTO_READ, false)
                // Go's defaults for accepted connections, which nsqd clients are used to
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childHandler(new TcpChannelInitializer(registry, connections));

        ChannelFuture bind;
        try {
            bind = bootstrap.bind(config.address()).await();
        } catch (InterruptedException e) {
            shutDownEventLoops(deadline());
            throw e;
        }
        if (!bind.isSuccess()) {
            shutDownEventLoops(deadline());
            throw new IllegalStateException("TCP: cannot listen on " + TcpServerConfig.formatAddress(config.address())
                    + ": " + bind.cause(), bind.cause());
        }
        listener = bind.channel();
        boundAddress = (InetSocketAddress) listener.localAddress();
        log.info("TCP: listening on {}", TcpServerConfig.formatAddress(boundAddress));
    }

    /** Starts taking the connections that wait since {@link #bind()}, and every later one. */
    public synchronized void startAccepting() {
        if (listener == null) {
            throw new IllegalStateException(closed ? "TCP server is closed" : "TCP server is not bound");
        }
        listener.config().setAutoRead(true);
    }

    /** The address actually bound (port 0 resolved to the chosen port). */
    public InetSocketAddress boundAddress() {
        InetSocketAddress address = boundAddress;
        if (address == null) {
            throw new IllegalStateException("TCP server not started");
        }
        return address;
    }

    /** Connections currently open, whether or not they have sent their magic yet. */
    public int connectionCount() {
        return connections.size();
    }

    /**
     * Stops accepting, closes every open connection and shuts the event loops down, waiting a few
     * seconds at most. Calling it again does nothing.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (listener == null) {
            return;
        }
        log.info("TCP: closing {}", TcpServerConfig.formatAddress(boundAddress));
        long deadline = deadline();
        listener.close().awaitUninterruptibly(remainingNanos(deadline), TimeUnit.NANOSECONDS);
        if (!connections.closeAll(Duration.ofNanos(remainingNanos(deadline)))) {
            log.warn("TCP: {} connection(s) still closing after {}", connections.size(), SHUTDOWN_TIMEOUT);
        }
        shutDownEventLoops(deadline);
    }

    /** The transport in use; for tests. */
    Transports transport() {
        return transport;
    }

    private void shutDownEventLoops(long deadline) {
        // Netty refuses a timeout shorter than the quiet period
        long timeoutMillis = Math.max(SHUTDOWN_QUIET_PERIOD_MILLIS, TimeUnit.NANOSECONDS.toMillis(remainingNanos(deadline)));
        acceptGroup.shutdownGracefully(SHUTDOWN_QUIET_PERIOD_MILLIS, timeoutMillis, TimeUnit.MILLISECONDS);
        connectionGroup.shutdownGracefully(SHUTDOWN_QUIET_PERIOD_MILLIS, timeoutMillis, TimeUnit.MILLISECONDS);
        boolean terminated = acceptGroup.terminationFuture().awaitUninterruptibly(remainingNanos(deadline), TimeUnit.NANOSECONDS)
                & connectionGroup.terminationFuture().awaitUninterruptibly(remainingNanos(deadline), TimeUnit.NANOSECONDS);
        if (!terminated) {
            log.warn("TCP: event loops still running after {}", SHUTDOWN_TIMEOUT);
        }
    }

    private static long deadline() {
        return System.nanoTime() + SHUTDOWN_TIMEOUT.toNanos();
    }

    private static long remainingNanos(long deadline) {
        return Math.max(0, deadline - System.nanoTime());
    }
}
