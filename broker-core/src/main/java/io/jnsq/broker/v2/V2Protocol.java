package io.jnsq.broker.v2;

import io.jnsq.broker.Broker;
import io.jnsq.protocol.Protocol;
import io.jnsq.protocol.ProtocolMagic;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.timeout.IdleStateHandler;

import java.util.concurrent.TimeUnit;

/** NSQ's TCP protocol V2 ({@code "  V2"}), serving a {@link Broker}. */
public final class V2Protocol implements Protocol {

    /** The nsqd version V2 reports in IDENTIFY. */
    public static final String VERSION = io.jnsq.broker.Version.NUMBER;

    private static final ProtocolMagic MAGIC = ProtocolMagic.of("  V2");

    private final Broker broker;

    public V2Protocol(Broker broker) {
        this.broker = broker;
    }

    @Override
    public ProtocolMagic magic() {
        return MAGIC;
    }

    @Override
    public String name() {
        return "V2";
    }

    @Override
    public void takeOver(ChannelPipeline pipeline) {
        ClientSettings settings = ClientSettings.defaults(broker.options());
        V2Client client = new V2Client(broker.nextClientId(), pipeline.channel(), settings);
        pipeline.addLast(V2HandlerNames.READ_TIMEOUT,
                new IdleStateHandler(2 * settings.heartbeatMillis(), 0, 0, TimeUnit.MILLISECONDS));
        pipeline.addLast(V2HandlerNames.COMMAND_DECODER, new CommandDecoder(broker::options, client::stateValue));
        pipeline.addLast(V2HandlerNames.CLIENT, new V2ClientHandler(broker, client));
    }
}
