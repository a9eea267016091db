package io.jnsq.server.tcp;

import io.jnsq.protocol.ProtocolRegistry;
import io.jnsq.server.tcp.testprotocol.EchoProtocol;
import io.jnsq.server.tcp.testprotocol.FailingProtocol;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.jnsq.server.tcp.Bytes.BAD_PROTOCOL_FRAME;
import static io.jnsq.server.tcp.Bytes.ascii;
import static io.jnsq.server.tcp.Bytes.concat;
import static io.jnsq.server.tcp.Bytes.magic;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sniffer through {@link EmbeddedChannel}: every way the first bytes can be split, no sockets. */
class MagicSnifferTest {

    private static final byte[] PAYLOAD = ascii("PUB t\n\0\0\0\5hello");
    private static final byte[] ECHO_MAGIC = magic(EchoProtocol.MAGIC);
    private static final byte[] NSQLOOKUPD_MAGIC = ascii("  V1");

    private EchoProtocol echo;
    private ProtocolRegistry registry;

    @BeforeEach
    void registerProtocols() {
        echo = new EchoProtocol();
        registry = ProtocolRegistry.builder().register(echo).register(new FailingProtocol()).build();
    }

    @Test
    void magicAndPayloadSplitAtEveryByteReachTheProtocolIntactAndInOrder() {
        byte[] input = concat(ECHO_MAGIC, PAYLOAD);
        for (int split = 1; split < input.length; split++) {
            EmbeddedChannel channel = newConnection();
            channel.writeInbound(buffer(channel, Arrays.copyOfRange(input, 0, split)));
            channel.writeInbound(buffer(channel, Arrays.copyOfRange(input, split, input.length)));

            assertArrayEquals(PAYLOAD, drainOutbound(channel), "split at " + split);
            assertFalse(channel.finish());
        }
    }

    @Test
    void magicAndPayloadSentOneByteAtATimeReachTheProtocolIntact() {
        EmbeddedChannel channel = newConnection();
        for (byte b : concat(ECHO_MAGIC, PAYLOAD)) {
            channel.writeInbound(buffer(channel, new byte[] {b}));
        }

        assertArrayEquals(PAYLOAD, drainOutbound(channel));
        assertEquals(1, echo.takeOvers());
        assertFalse(channel.finish());
    }

    @Test
    void protocolHandlersReplaceTheSnifferWithConnectionErrorsLast() {
        EmbeddedChannel channel = newConnection();
        assertEquals(List.of(TcpHandlerNames.MAGIC), handlerNames(channel));

        channel.writeInbound(buffer(channel, ECHO_MAGIC));

        assertEquals(List.of(EchoProtocol.HANDLER, TcpHandlerNames.CONNECTION_ERRORS), handlerNames(channel));
        assertFalse(channel.finish());
    }

    @Test
    void unknownMagicGetsFramedBadProtocolThenCloseAtEverySplit() {
        byte[] input = concat(NSQLOOKUPD_MAGIC, ascii("PING\n"));
        for (int split = 1; split < input.length; split++) {
            EmbeddedChannel channel = newConnection();
            channel.writeInbound(buffer(channel, Arrays.copyOfRange(input, 0, split)));
            if (channel.isOpen()) {
                channel.writeInbound(buffer(channel, Arrays.copyOfRange(input, split, input.length)));
            }

            assertArrayEquals(BAD_PROTOCOL_FRAME, drainOutbound(channel), "split at " + split);
            assertFalse(channel.isOpen(), "split at " + split);
            assertFalse(channel.finish());
        }
    }

    @Test
    void bytesAfterABadMagicAreDiscardedWhileTheErrorIsStillBeingWritten() {
        HeldWrites held = new HeldWrites();
        EmbeddedChannel channel = new EmbeddedChannel(held, new TcpChannelInitializer(registry, new ConnectionTracker()));

        channel.writeInbound(buffer(channel, NSQLOOKUPD_MAGIC));
        channel.writeInbound(buffer(channel, concat(ECHO_MAGIC, PAYLOAD)));

        assertTrue(channel.isOpen(), "the close waits for the error frame to be written");
        assertEquals(0, echo.takeOvers(), "a second magic after a bad one is not sniffed");
        assertArrayEquals(BAD_PROTOCOL_FRAME, held.completeAll());
        assertFalse(channel.isOpen());
        assertFalse(channel.finish());
    }

    @Test
    void failedTakeOverClosesThatConnectionWithoutAnswering() {
        EmbeddedChannel channel = newConnection();

        channel.writeInbound(buffer(channel, concat(magic(FailingProtocol.MAGIC), PAYLOAD)));

        assertFalse(channel.isOpen());
        assertNull(channel.readOutbound());
        assertFalse(channel.finish(), "the failure is handled, not left for the pipeline's tail");
    }

    @Test
    void clientLeavingMidMagicIsCleanedUpQuietly() {
        EmbeddedChannel channel = newConnection();

        channel.writeInbound(buffer(channel, ascii("  ")));
        channel.close();

        assertNull(channel.readOutbound());
        assertFalse(channel.finish(), "no exception, nothing written");
    }

    @Test
    void unhandledExceptionAfterTakeOverClosesOnlyThatConnection() {
        EmbeddedChannel failing = newConnection();
        EmbeddedChannel healthy = newConnection();
        failing.writeInbound(buffer(failing, ECHO_MAGIC));
        healthy.writeInbound(buffer(healthy, ECHO_MAGIC));

        failing.pipeline().fireExceptionCaught(new IllegalStateException("protocol bug (expected by the test)"));

        assertFalse(failing.isOpen());
        assertTrue(healthy.isOpen());
        assertFalse(failing.finish(), "the exception was consumed, not left for the pipeline's tail");
        assertFalse(healthy.finish());
    }

    @Test
    void exceptionWhileSniffingClosesTheConnection() {
        EmbeddedChannel channel = newConnection();

        channel.pipeline().fireExceptionCaught(new IllegalStateException("read failed (expected by the test)"));

        assertFalse(channel.isOpen());
        assertFalse(channel.finish());
    }

    private EmbeddedChannel newConnection() {
        return new EmbeddedChannel(new TcpChannelInitializer(registry, new ConnectionTracker()));
    }

    /** The pipeline's handlers in order, without Netty's own head and tail. */
    private static List<String> handlerNames(EmbeddedChannel channel) {
        return List.copyOf(channel.pipeline().toMap().keySet());
    }

    /** From the channel's own allocator, so the leak detector watches what the sniffer does with it. */
    private static ByteBuf buffer(EmbeddedChannel channel, byte[] bytes) {
        return channel.alloc().buffer(bytes.length).writeBytes(bytes);
    }

    private static byte[] drainOutbound(EmbeddedChannel channel) {
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        for (ByteBuf frame; (frame = channel.readOutbound()) != null; ) {
            written.writeBytes(ByteBufUtil.getBytes(frame));
            frame.release();
        }
        return written.toByteArray();
    }

    /** Keeps writes pending, as a slow socket would, until the test completes them. */
    private static final class HeldWrites extends ChannelOutboundHandlerAdapter {
        private final List<Object> messages = new ArrayList<>();
        private final List<ChannelPromise> promises = new ArrayList<>();

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            messages.add(msg);
            promises.add(promise);
        }

        /** The bytes held, released; their writes then succeed. */
        byte[] completeAll() {
            ByteArrayOutputStream written = new ByteArrayOutputStream();
            for (Object message : messages) {
                written.writeBytes(ByteBufUtil.getBytes((ByteBuf) message));
                ReferenceCountUtil.release(message);
            }
            promises.forEach(ChannelPromise::setSuccess);
            return written.toByteArray();
        }
    }
}
