package io.jnsq.broker.v2;

import io.jnsq.broker.Broker;
import io.jnsq.broker.config.BrokerConfig;
import io.jnsq.broker.config.TlsRequired;
import io.jnsq.broker.auth.AuthClient;
import io.jnsq.protocol.Protocol;
import io.jnsq.protocol.ProtocolMagic;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateHandler;

import java.util.concurrent.TimeUnit;

/** NSQ's TCP protocol V2 ({@code "  V2"}), serving a {@link Broker}. */
public final class V2Protocol implements Protocol {

    /** The nsqd version V2 reports in IDENTIFY. */
    public static final String VERSION = io.jnsq.broker.Version.NUMBER;

    private static final ProtocolMagic MAGIC = ProtocolMagic.of("  V2");

    private final Broker broker;
    private final SslContext tls;
    private final AuthClient authClient;

    /** A V2 without TLS and without AUTH. */
    public V2Protocol(Broker broker) {
        this(broker, null, null);
    }

    /**
     * @param tls        the server context for IDENTIFY's {@code tls_v1} upgrade; {@code null} offers none
     * @param authClient the auth server client AUTH asks; {@code null} when AUTH is disabled
     */
    public V2Protocol(Broker broker, SslContext tls, AuthClient authClient) {
        this.broker = broker;
        this.tls = tls;
        this.authClient = authClient;
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
        BrokerConfig config = broker.config();
        ClientSettings settings = ClientSettings.defaults(config);
        V2Client client = new V2Client(broker.nextClientId(), pipeline.channel(), settings,
                config.clients().tlsRequired() != TlsRequired.NOT_REQUIRED);
        V2ClientHandler handler = new V2ClientHandler(broker, client, new StreamUpgrader(client, tls, config.messages().maxBodySize()),
                new ConnectionAuth(authClient, client));
        pipeline.addLast(V2HandlerNames.READ_TIMEOUT,
                new IdleStateHandler(2 * settings.heartbeatMillis(), 0, 0, TimeUnit.MILLISECONDS));
        pipeline.addLast(V2HandlerNames.COMMAND_DECODER, new CommandDecoder(config.messages(), handler));
        pipeline.addLast(V2HandlerNames.CLIENT, handler);
    }
}
