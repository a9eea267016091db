package io.jnsq.broker.wire;

import io.jnsq.broker.Broker;
import io.jnsq.broker.BrokerListener;
import io.jnsq.broker.ChannelDiscovery;
import io.jnsq.broker.Ticker;
import io.jnsq.broker.auth.AuthClient;
import io.jnsq.broker.auth.AuthClientConfig;
import io.jnsq.broker.config.BrokerConfig;
import io.jnsq.broker.v2.V2Protocol;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.GlobalEventExecutor;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A broker served over V2 on a real loopback socket (port 0), for protocol tests. broker-core may not
 * depend on server-tcp, so the magic is read by a few lines here; server-tcp's own tests cover sniffing.
 */
public final class V2TestServer implements AutoCloseable {

    private final Broker broker;
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    private final InetSocketAddress address;
    private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);

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
        io.netty.channel.Channel server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        connections.add(channel);
                        channel.pipeline().addLast(new ByteToMessageDecoder() {
                            @Override
                            protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
                                if (in.readableBytes() < 4) {
                                    return;
                                }
                                if (in.readInt() != protocol.magic().value()) {
                                    ctx.close();
                                    return;
                                }
                                protocol.takeOver(ctx.pipeline());
                                ctx.pipeline().remove(this);
                            }
                        });
                    }
                })
                .bind("127.0.0.1", 0).sync().channel();
        this.address = (InetSocketAddress) server.localAddress();
    }

    /** A configuration for tests: a temporary data path and a node id, otherwise nsqd's defaults. */
    public static BrokerConfig.Builder config(Path dataPath) {
        return BrokerConfig.builder().queues(q -> q.dataPath(dataPath)).messages(m -> m.nodeId(1));
    }

    public InetSocketAddress address() {
        return address;
    }

    public Broker broker() {
        return broker;
    }

    public WireClient connect() throws java.io.IOException {
        return WireClient.connect(address);
    }

    @Override
    public void close() {
        // connections first, then a quiet period: tasks their closing queues (inactive, handler removal,
        // which release decoders' buffers) must run before the loops stop, or buffers look leaked
        connections.close().syncUninterruptibly();
        group.shutdownGracefully(100, 2000, TimeUnit.MILLISECONDS).syncUninterruptibly();
        broker.close();
    }
}
