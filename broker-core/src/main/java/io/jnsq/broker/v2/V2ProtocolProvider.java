package io.jnsq.broker.v2;

import io.jnsq.broker.Broker;
import io.jnsq.broker.auth.AuthClient;
import io.jnsq.protocol.Protocol;
import io.jnsq.protocol.ProtocolContext;
import io.jnsq.protocol.ProtocolProvider;
import io.netty.handler.ssl.SslContext;

/** Registers V2 through the same ServiceLoader door any other protocol version uses. */
public final class V2ProtocolProvider implements ProtocolProvider {

    @Override
    public Protocol create(ProtocolContext context) {
        return new V2Protocol(context.require(Broker.class), context.find(SslContext.class).orElse(null),
                context.find(AuthClient.class).orElse(null));
    }
}
