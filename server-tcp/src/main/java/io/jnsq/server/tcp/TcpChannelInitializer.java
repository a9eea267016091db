package io.jnsq.server.tcp;

import io.jnsq.protocol.ProtocolRegistry;
import io.jnsq.protocol.transport.SocketAddresses;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sets up each accepted connection: track it, then sniff its magic. Shared by all connections. */
final class TcpChannelInitializer extends ChannelInitializer<Channel> {

    private static final Logger log = LoggerFactory.getLogger(TcpChannelInitializer.class);

    private final ProtocolRegistry registry;
    private final ConnectionTracker connections;

    TcpChannelInitializer(ProtocolRegistry registry, ConnectionTracker connections) {
        this.registry = registry;
        this.connections = connections;
    }

    @Override
    protected void initChannel(Channel connection) {
        if (log.isDebugEnabled()) {
            log.debug("TCP: new client({})", SocketAddresses.format(connection.remoteAddress()));
        }
        connections.track(connection);
        connection.pipeline().addLast(TcpHandlerNames.MAGIC, new MagicSniffer(registry));
    }
}
