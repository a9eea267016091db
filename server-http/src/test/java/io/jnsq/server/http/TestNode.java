package io.jnsq.server.http;

import io.jnsq.broker.Broker;
import io.jnsq.broker.BrokerListener;
import io.jnsq.broker.config.BrokerConfig;
import io.jnsq.broker.v2.V2Protocol;
import io.jnsq.server.http.api.ListeningPorts;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.ByteToMessageDecoder;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * A broker served over HTTP and V2 on loopback ports chosen by the system: what a test talks to. V2 is
 * attached with a few lines of magic reading, because server-http may not depend on server-tcp.
 */
final class TestNode implements AutoCloseable {

    final Broker broker;
    final HttpServer http;
    final HttpPipeline pipeline;
    final TestNodeOptions options = new TestNodeOptions();
    private final EventLoopGroup v2Group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final InetSocketAddress v2Address;

    private TestNode(BrokerConfig config) throws InterruptedException {
        this.broker = new Broker(config, BrokerListener.NONE);
        this.v2Address = startV2();
        ListeningPorts ports = new ListeningPorts() {
            @Override
            public int tcp() {
                return v2Address.getPort();
            }

            @Override
            public int http() {
                return http.boundAddress().getPort();
            }

            @Override
            public int https() {
                return 5152; // reported only, never bound
            }
        };
        this.pipeline = new HttpPipeline(broker, ports, options);
        this.http = new HttpServer(new HttpServerConfig(new InetSocketAddress("127.0.0.1", 0), false), pipeline);
        http.start();
    }

    static TestNode start(Path dataPath) throws InterruptedException {
        return start(dataPath, UnaryOperator.identity());
    }

    static TestNode start(Path dataPath, UnaryOperator<BrokerConfig.Builder> customize) throws InterruptedException {
        return new TestNode(customize.apply(BrokerConfig.builder().queues(q -> q.dataPath(dataPath)).messages(m -> m.nodeId(1)))
                .build());
    }

    InetSocketAddress httpAddress() {
        return http.boundAddress();
    }

    InetSocketAddress tcpAddress() {
        return v2Address;
    }

    HttpTestClient client() {
        return new HttpTestClient(httpAddress());
    }

    private InetSocketAddress startV2() throws InterruptedException {
        V2Protocol protocol = new V2Protocol(broker);
        io.netty.channel.Channel server = new ServerBootstrap().group(v2Group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
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
        return (InetSocketAddress) server.localAddress();
    }

    @Override
    public void close() {
        http.close();
        v2Group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        broker.close();
    }
}
