package io.jnsq.server.tcp.testprotocol;

import io.jnsq.protocol.Protocol;
import io.jnsq.protocol.ProtocolMagic;
import io.netty.channel.ChannelPipeline;

/** A protocol whose hand-over always fails, registered in code by the tests that need it. */
public final class FailingProtocol implements Protocol {

    public static final ProtocolMagic MAGIC = ProtocolMagic.of("  F1");

    @Override
    public ProtocolMagic magic() {
        return MAGIC;
    }

    @Override
    public String name() {
        return "F1-failing";
    }

    @Override
    public void takeOver(ChannelPipeline pipeline) {
        throw new IllegalStateException("F1 cannot serve this connection (expected by the test)");
    }
}
