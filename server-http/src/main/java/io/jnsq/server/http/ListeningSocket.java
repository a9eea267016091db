package io.jnsq.server.http;

import io.jnsq.protocol.transport.Transports;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.NetUtil;
import io.netty.util.concurrent.EventExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * A bound server socket with its event loops and the threads its route handlers run on
 * ({@link HandlerWorkers}): what {@link HttpServer} and the HTTPS server share, so that each of them is
 * only "bind + its pipeline". {@link #start()} and {@link #close()} block; call them from the
 * launcher's thread, never from an event loop.
 */
public final class ListeningSocket implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ListeningSocket.class);
    // the workers, a last turn of each loop and the connections' closing finish before the loops shut down,
    // so no task is left to wait for; a quiet period would cost Netty's 100 ms re-check on every stop (of an
    // embedded node, each test)
    private static final long SHUTDOWN_QUIET_PERIOD_MILLIS = 0;
    private static final long SHUTDOWN_TIMEOUT_MILLIS = 5_000;

    private final String name;
    private final HttpServerConfig config;
    private final BiConsumer<Channel, Executor> initializer;

    private EventLoopGroup acceptGroup;
    private EventLoopGroup connectionGroup;
    private HandlerWorkers workers;
    private ChannelGroup connections;
    private Channel listener;
    private volatile InetSocketAddress boundAddress;
    private boolean closed;

    /**
     * @param name        how logs name it: {@code HTTP}, {@code HTTPS}
     * @param initializer sets up each accepted connection's pipeline, given the threads its route
     *                    handlers are to run on (see {@link HttpPipeline#configure})
     */
    public ListeningSocket(String name, HttpServerConfig config, BiConsumer<Channel, Executor> initializer) {
        this.name = Objects.requireNonNull(name, "name");
        this.config = Objects.requireNonNull(config, "config");
        this.initializer = Objects.requireNonNull(initializer, "initializer");
    }

    /**
     * Binds and starts accepting.
     *
     * @throws IllegalStateException when already started or closed, or when the address cannot be bound
     *                               (the cause says why, e.g. a {@link java.net.BindException})
     */
    public synchronized void start() throws InterruptedException {
        bind();
        startAccepting();
    }

    /**
     * Binds but accepts nothing yet: clients can connect (the kernel queues them) and are answered once
     * {@link #startAccepting()} is called, so a launcher can bind every listener before any answers.
     *
     * @throws IllegalStateException when already bound or closed, or when the address cannot be bound
     *                               (the cause says why, e.g. a {@link java.net.BindException})
     */
    public synchronized void bind() throws InterruptedException {
        if (closed || listener != null) {
            throw new IllegalStateException(name + " listener " + (closed ? "is closed" : "already started"));
        }
        Transports transport = Transports.select(config.forceNio(), name);
        String threads = "jnsq-" + name.toLowerCase(Locale.ROOT);
        acceptGroup = transport.newEventLoopGroup(1, threads + "-accept");
        connectionGroup = transport.newEventLoopGroup(0, threads + "-io");
        workers = new HandlerWorkers(threads + "-worker", HandlerWorkers.THREADS, HandlerWorkers.QUEUE);
        connections = new DefaultChannelGroup(threads + "-connections", acceptGroup.next());
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(acceptGroup, connectionGroup)
                .channel(transport.serverChannelClass())
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(ChannelOption.AUTO_READ, false)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        connections.add(channel);
                        initializer.accept(channel, workers);
                    }
                });
        ChannelFuture bind;
        try {
            bind = bootstrap.bind(config.address()).await();
        } catch (InterruptedException e) {
            shutDown();
            throw e;
        }
        if (!bind.isSuccess()) {
            shutDown();
            throw new IllegalStateException(name + ": cannot listen on " + format(config.address()) + ": " + bind.cause(), bind.cause());
        }
        listener = bind.channel();
        boundAddress = (InetSocketAddress) listener.localAddress();
        log.info("{}: listening on {}", name, format(boundAddress));
    }

    /** Starts taking the connections that wait since {@link #bind()}, and every later one. */
    public synchronized void startAccepting() {
        if (listener == null) {
            throw new IllegalStateException(name + " listener " + (closed ? "is closed" : "is not bound"));
        }
        listener.config().setAutoRead(true);
    }

    /** The address actually bound (port 0 resolved to the chosen port). */
    public InetSocketAddress boundAddress() {
        InetSocketAddress address = boundAddress;
        if (address == null) {
            throw new IllegalStateException(name + " listener not started");
        }
        return address;
    }

    /**
     * Stops accepting, lets the handlers already running or queued finish and answer (a few seconds at
     * most; requests arriving meanwhile are answered 503), then closes every connection. Calling it
     * again does nothing.
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
        log.info("{}: closing {}", name, format(boundAddress));
        listener.close().awaitUninterruptibly(SHUTDOWN_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        shutDown();
    }

    /**
     * Handler threads first, then one turn of every event loop, so that the answers they handed back
     * are written before the connections close (a loop that shuts down closes its channels before it
     * runs the tasks still queued), then the connections, closed and awaited, then the loops.
     */
    private void shutDown() {
        workers.shutdown(SHUTDOWN_TIMEOUT_MILLIS);
        for (EventExecutor loop : connectionGroup) {
            loop.submit(() -> { }).awaitUninterruptibly(SHUTDOWN_TIMEOUT_MILLIS);
        }
        connections.close().awaitUninterruptibly(SHUTDOWN_TIMEOUT_MILLIS);
        acceptGroup.shutdownGracefully(SHUTDOWN_QUIET_PERIOD_MILLIS, SHUTDOWN_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        connectionGroup.shutdownGracefully(SHUTDOWN_QUIET_PERIOD_MILLIS, SHUTDOWN_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        boolean terminated = acceptGroup.terminationFuture().awaitUninterruptibly(SHUTDOWN_TIMEOUT_MILLIS)
                & connectionGroup.terminationFuture().awaitUninterruptibly(SHUTDOWN_TIMEOUT_MILLIS);
        if (!terminated) {
            log.warn("{}: event loops still running after {}ms", name, SHUTDOWN_TIMEOUT_MILLIS);
        }
    }

    private static String format(InetSocketAddress address) {
        return NetUtil.toSocketAddressString(address);
    }
}
