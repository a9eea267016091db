package io.jnsq.protocol.frame;

import io.jnsq.protocol.error.ErrorCode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

class FrameCodecTest {

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 200, 1 << 20})
    void frameRoundTripsInOneRead(int length) {
        byte[] data = randomBytes(length);
        ByteBuf wire = encode(new Frame(FrameType.MESSAGE, Unpooled.wrappedBuffer(data)));
        assertEquals(8 + length, wire.readableBytes());
        assertEquals(4 + length, wire.getInt(0));
        assertEquals(2, wire.getInt(4));

        EmbeddedChannel decoder = new EmbeddedChannel(new FrameDecoder(Integer.MAX_VALUE));
        decoder.writeInbound(wire);
        assertDecoded(decoder.readInbound(), FrameType.MESSAGE, data);
        assertNull(decoder.readInbound());
        assertFalse(decoder.finish());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 37})
    void frameSplitAtEveryByteDecodesOnce(int length) {
        byte[] data = randomBytes(length);
        ByteBuf wire = encode(new Frame(FrameType.RESPONSE, Unpooled.wrappedBuffer(data)));
        for (int split = 1; split < wire.readableBytes(); split++) {
            EmbeddedChannel decoder = new EmbeddedChannel(new FrameDecoder(1024));
            assertFalse(decoder.writeInbound(wire.retainedSlice(0, split)));
            decoder.writeInbound(wire.retainedSlice(split, wire.readableBytes() - split));
            assertDecoded(decoder.readInbound(), FrameType.RESPONSE, data);
            assertFalse(decoder.finish());
        }
        wire.release();
    }

    @Test
    void oneMebibyteArrivingInSmallReadsDecodesWhole() {
        byte[] data = randomBytes(1 << 20);
        ByteBuf wire = encode(new Frame(FrameType.MESSAGE, Unpooled.wrappedBuffer(data)));
        EmbeddedChannel decoder = new EmbeddedChannel(new FrameDecoder(2 << 20));
        while (wire.isReadable()) {
            decoder.writeInbound(wire.readRetainedSlice(Math.min(65_000, wire.readableBytes())));
        }
        wire.release();
        assertDecoded(decoder.readInbound(), FrameType.MESSAGE, data);
        assertFalse(decoder.finish());
    }

    @Test
    void severalFramesInOneReadDecodeInOrder() {
        ByteBuf wire = Unpooled.buffer();
        wire.writeBytes(Frames.ok());
        wire.writeBytes(Frames.heartbeat());
        ByteBuf error = Frames.error(Unpooled.buffer().alloc(), ErrorCode.E_INVALID, "invalid command ASDF");
        wire.writeBytes(error);
        error.release();

        EmbeddedChannel decoder = new EmbeddedChannel(new FrameDecoder(1024));
        decoder.writeInbound(wire);
        assertDecoded(decoder.readInbound(), FrameType.RESPONSE, ascii("OK"));
        assertDecoded(decoder.readInbound(), FrameType.RESPONSE, ascii("_heartbeat_"));
        assertDecoded(decoder.readInbound(), FrameType.ERROR, ascii("E_INVALID invalid command ASDF"));
        assertFalse(decoder.finish());
    }

    @Test
    void constantFramesMatchNsqdBytes() {
        assertEquals("000000060000000" + "04f4b", ByteBufUtil.hexDump(Frames.ok()));
        assertEquals("0000000f00000000" + ByteBufUtil.hexDump(ascii("_heartbeat_")), ByteBufUtil.hexDump(Frames.heartbeat()));
        assertEquals("0000000e00000000" + ByteBufUtil.hexDump(ascii("CLOSE_WAIT")), ByteBufUtil.hexDump(Frames.closeWait()));
        ByteBuf badProtocol = Frames.error(Unpooled.buffer().alloc(), ErrorCode.E_BAD_PROTOCOL, "");
        assertEquals("0000001200000001455f4241445f50524f544f434f4c", ByteBufUtil.hexDump(badProtocol));
        badProtocol.release();
    }

    private static ByteBuf encode(Frame frame) {
        EmbeddedChannel encoder = new EmbeddedChannel(FrameEncoder.INSTANCE);
        encoder.writeOutbound(frame);
        ByteBuf wire = Unpooled.buffer();
        for (ByteBuf part; (part = encoder.readOutbound()) != null; ) {
            wire.writeBytes(part);
            part.release();
        }
        assertFalse(encoder.finish());
        return wire;
    }

    private static void assertDecoded(Frame frame, FrameType type, byte[] data) {
        try {
            assertEquals(type, frame.type());
            assertArrayEquals(data, ByteBufUtil.getBytes(frame.content()));
        } finally {
            frame.release();
        }
    }

    private static byte[] randomBytes(int length) {
        byte[] data = new byte[length];
        new Random(length).nextBytes(data);
        return data;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
