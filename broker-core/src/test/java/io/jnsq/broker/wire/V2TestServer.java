package io.jnsq.broker.wire;

import io.jnsq.broker.Broker;
import io.jnsq.broker.BrokerListener;
import io.jnsq.broker.ChannelDiscovery;
import io.jnsq.broker.Ticker;
import io.jnsq.broker.auth.AuthClient;
import io.jnsq.broker.auth.AuthClientConfig;
import io.jnsq.broker.config.BrokerConfig;
import io.jnsq.broker.v2.V2Protocol;
import io.jnsq.protocol.ProtocolRegistry;
import io.jnsq.server.tcp.TcpServer;
import io.jnsq.server.tcp.TcpServerConfig;
import io.netty.handler.ssl.SslContext;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;

/**
 * A broker served over V2 by the real {@link TcpServer} on a loopback port the system picks: the magic
 * sniffer, connection tracking and shutdown of production, with V2 registered directly (TLS and AUTH as
 * each test needs them) rather than discovered.
 */
public final class V2TestServer implements AutoCloseable {

    private final Broker broker;
    private final TcpServer server;

    public V2TestServer(BrokerConfig config) throws InterruptedException {
        this(config, (SslContext) null);
    }

    /** @param tls the server context IDENTIFY's {@code tls_v1} upgrades to; {@code null} offers no TLS */
    public V2TestServer(BrokerConfig config, SslContext tls) throws InterruptedException {
        this(config, tls, AuthClientConfig.defaults(List.of()));
    }

    /** @param ticker what timeouts and deferrals are measured with: a {@link io.jnsq.broker.ManualTicker} moved by the test */
    public V2TestServer(BrokerConfig config, Ticker ticker) throws InterruptedException {
        this(config, null, AuthClientConfig.defaults(List.of()), ticker);
    }

    /** @param auth how AUTH reaches its servers; without addresses AUTH is disabled */
    public V2TestServer(BrokerConfig config, SslContext tls, AuthClientConfig auth) throws InterruptedException {
        this(config, tls, auth, Ticker.SYSTEM);
    }

    private V2TestServer(BrokerConfig config, SslContext tls, AuthClientConfig auth, Ticker ticker) throws InterruptedException {
        this.broker = new Broker(config, null, List.of(BrokerListener.NONE), ChannelDiscovery.NONE, ticker);
        V2Protocol protocol = new V2Protocol(broker, tls, auth.enabled() ? new AuthClient(auth) : null);
        this.server = new TcpServer(new TcpServerConfig(new InetSocketAddress("127.0.0.1", 0), false),
                ProtocolRegistry.builder().register(protocol).build());
        try {
            server.start();
        } catch (InterruptedException | RuntimeException e) {
            broker.close();
            throw e;
        }
    }

    /** A configuration for tests: a temporary data path and a node id, otherwise nsqd's defaults. */
    public static BrokerConfig.Builder config(Path dataPath) {
        return BrokerConfig.builder().queues(q -> q.dataPath(dataPath)).messages(m -> m.nodeId(1));
    }

    public InetSocketAddress address() {
        return server.boundAddress();
    }

    public Broker broker() {
        return broker;
    }

    public WireClient connect() throws IOException {
        return WireClient.connect(address());
    }

    /** As nsqd stops: connections closed and the loops shut down first, then the broker persists what it holds. */
    @Override
    public void close() {
        server.close();
        broker.close();
    }
}
