package io.jnsq.server.tcp.testprotocol;

import io.jnsq.protocol.Protocol;
import io.jnsq.protocol.ProtocolContext;
import io.jnsq.protocol.ProtocolProvider;

/**
 * Found by {@link java.util.ServiceLoader} through this module's test
 * {@code META-INF/services/io.jnsq.protocol.ProtocolProvider}, the same door V2 goes through.
 */
public final class EchoProtocolProvider implements ProtocolProvider {

    @Override
    public Protocol create(ProtocolContext context) {
        // a protocol serving the broker would take it here: context.require(Broker.class)
        return new EchoProtocol();
    }
}
