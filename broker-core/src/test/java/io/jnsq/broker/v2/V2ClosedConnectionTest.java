package io.jnsq.broker.v2;

import io.jnsq.broker.Broker;
import io.jnsq.broker.BrokerListener;
import io.jnsq.broker.wire.V2TestServer;
import io.jnsq.broker.wire.WireClient;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Commands decoded from one read are not run once the connection has closed under them. */
class V2ClosedConnectionTest {

    @TempDir
    Path dataPath;

    @Test
    void commandsDecodedBeforeACloseAreNotRun() {
        Broker broker = new Broker(V2TestServer.config(dataPath).build(), BrokerListener.NONE);
        try {
            EmbeddedChannel channel = new EmbeddedChannel();
            new V2Protocol(broker).takeOver(channel.pipeline());
            // the connection ends (a write deadline, a reset) while the second of three PUBs is on its way
            channel.pipeline().addBefore(V2HandlerNames.CLIENT, "closer", new ChannelInboundHandlerAdapter() {
                private int commands;

                @Override
                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                    if (++commands == 2) {
                        ctx.channel().close();
                    }
                    ctx.fireChannelRead(msg);
                }
            });
            ByteArrayOutputStream pubs = new ByteArrayOutputStream();
            for (String body : new String[]{"one", "two", "three"}) {
                pubs.writeBytes(WireClient.commandWithBody("PUB t", body.getBytes(StandardCharsets.US_ASCII)));
            }
            channel.writeInbound(Unpooled.wrappedBuffer(pubs.toByteArray()));
            channel.runPendingTasks();
            assertEquals(1, broker.findTopic("t").orElseThrow().depth());
            channel.finishAndReleaseAll();
        } finally {
            broker.close();
        }
    }
}
