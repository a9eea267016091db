package io.jnsq.broker.v2;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.ssl.SslContext;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A client that sends its TLS ClientHello in the same write as IDENTIFY, without waiting for the reply:
 * it reads the one plain frame (the IDENTIFY JSON), and everything after it as TLS. Frames arrive as
 * {@code "<type>:<text>"} strings.
 */
final class PipelinedTlsClient implements AutoCloseable {

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
    private final Channel channel;

    PipelinedTlsClient(InetSocketAddress server, byte[] magicAndIdentify, SslContext tls) throws InterruptedException {
        channel = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast("plain-reply", new FirstFramePlain());
                        ch.pipeline().addLast(new LengthFieldBasedFrameDecoder(1 << 20, 0, 4, 0, 4));
                        ch.pipeline().addLast(new SimpleChannelInboundHandler<ByteBuf>() {
                            @Override
                            protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
                                frames.add(describe(frame));
                            }
                        });
                    }
                })
                .connect(server).sync().channel();
        channel.eventLoop().submit(() -> {
            channel.write(Unpooled.wrappedBuffer(magicAndIdentify));
            // the handshake starts as the handler is added, and its flush carries IDENTIFY out with the ClientHello
            channel.pipeline().addAfter("plain-reply", "tls", tls.newHandler(channel.alloc(), server.getHostString(), server.getPort()));
        }).sync();
    }

    String nextFrame() throws InterruptedException {
        String frame = frames.poll(10, TimeUnit.SECONDS);
        if (frame == null) {
            throw new AssertionError("no frame within 10 s");
        }
        return frame;
    }

    void send(byte[] bytes) {
        channel.writeAndFlush(Unpooled.wrappedBuffer(bytes)).syncUninterruptibly();
    }

    private static String describe(ByteBuf frame) {
        int type = frame.readInt();
        return type + ":" + frame.toString(StandardCharsets.UTF_8);
    }

    /** Reads the one frame that comes in plain text, then leaves: the bytes behind it go to TLS. */
    private final class FirstFramePlain extends ByteToMessageDecoder {
        @Override
        protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
            if (in.readableBytes() < 4 || in.readableBytes() < 4 + in.getInt(in.readerIndex())) {
                return;
            }
            int size = in.readInt();
            frames.add(describe(in.readSlice(size)));
            ctx.pipeline().remove(this);
        }
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        group.shutdownGracefully(100, 1000, TimeUnit.MILLISECONDS).syncUninterruptibly();
    }
}
