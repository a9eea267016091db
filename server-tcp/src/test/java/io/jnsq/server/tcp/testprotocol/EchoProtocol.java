package io.jnsq.server.tcp.testprotocol;

import io.jnsq.protocol.Protocol;
import io.jnsq.protocol.ProtocolMagic;
import io.netty.channel.ChannelPipeline;

import java.util.concurrent.atomic.AtomicInteger;

/** A toy wire protocol for transport tests: sends back every byte that follows its magic. */
public final class EchoProtocol implements Protocol {

    public static final ProtocolMagic MAGIC = ProtocolMagic.of("  E1");
    public static final String NAME = "E1-echo";
    public static final String HANDLER = "echo";

    private final AtomicInteger takeOvers = new AtomicInteger();

    @Override
    public ProtocolMagic magic() {
        return MAGIC;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void takeOver(ChannelPipeline pipeline) {
        pipeline.addLast(HANDLER, new EchoHandler());
        takeOvers.incrementAndGet();
    }

    /** How many connections this protocol has been given, so tests can wait for the hand-over. */
    public int takeOvers() {
        return takeOvers.get();
    }
}
