package io.jnsq.server.tcp;

import io.netty.channel.Channel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Every connection the server accepted and has not yet seen closed, whatever protocol it speaks, so
 * shutting down can close them all (nsqd's {@code tcpServer.conns}).
 */
final class ConnectionTracker {

    // stayClosed: a connection accepted while closeAll() runs is closed as it is added, not missed
    private final ChannelGroup connections = new DefaultChannelGroup("tcp-connections", GlobalEventExecutor.INSTANCE, true);

    /** Tracks the connection until it closes; the group forgets closed channels by itself. */
    void track(Channel connection) {
        connections.add(connection);
    }

    int size() {
        return connections.size();
    }

    /** Closes every tracked connection and any tracked later; waits at most {@code timeout}. */
    boolean closeAll(Duration timeout) {
        return connections.close().awaitUninterruptibly(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }
}
