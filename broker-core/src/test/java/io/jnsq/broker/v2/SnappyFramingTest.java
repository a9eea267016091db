package io.jnsq.broker.v2;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.compression.SnappyFrameDecoder;
import io.netty.handler.codec.compression.SnappyFrameEncoder;
import org.junit.jupiter.api.Test;
import org.xerial.snappy.SnappyFramedOutputStream;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The snappy framing codec against nsqd's bytes and two independent implementations (snappy-java's, Netty's). */
class SnappyFramingTest {

    private static final byte[] OK_FRAME = {0, 0, 0, 6, 0, 0, 0, 0, 'O', 'K'};

    @Test
    void okFrameIsWhatNsqdSends() {
        assertEquals("ff060000734e61507059" + "010e0000" + "26982bcf" + "00000006000000004f4b", hex(write(OK_FRAME)));
    }

    @Test
    void roundTripSplitAtEveryByte() {
        byte[] data = messageStream(3000);
        byte[] framed = write(data);
        EmbeddedChannel reader = new EmbeddedChannel(new SnappyFrameReader());
        for (byte b : framed) {
            reader.writeInbound(Unpooled.wrappedBuffer(new byte[]{b}));
        }
        assertArrayEquals(data, drain(reader));
    }

    @Test
    void incompressibleInputGoesOutUncompressedAndBack() {
        byte[] random = new byte[200_000];
        new Random(7).nextBytes(random);
        byte[] framed = write(random);
        assertTrue(framed.length > random.length, "random bytes should not shrink");
        assertArrayEquals(random, read(framed));
    }

    @Test
    void readsSnappyJavasAndNettysStreams() throws Exception {
        byte[] data = messageStream(2000);
        ByteArrayOutputStream xerial = new ByteArrayOutputStream();
        try (SnappyFramedOutputStream out = new SnappyFramedOutputStream(xerial)) {
            out.write(data);
        }
        assertArrayEquals(data, read(xerial.toByteArray()));

        EmbeddedChannel netty = new EmbeddedChannel(new SnappyFrameEncoder());
        netty.writeOutbound(Unpooled.wrappedBuffer(data));
        assertArrayEquals(data, read(drainOutbound(netty)));
    }

    @Test
    void nettysCheckingReaderAcceptsWhatWeWrite() {
        byte[] data = messageStream(2000);
        EmbeddedChannel netty = new EmbeddedChannel(new SnappyFrameDecoder(true));
        netty.writeInbound(Unpooled.wrappedBuffer(write(data)));
        assertArrayEquals(data, drain(netty));
    }

    @Test
    void refusesDataBeforeTheIdentifierABadChecksumAndUnskippableChunks() {
        byte[] framed = write(OK_FRAME);
        byte[] withoutIdentifier = java.util.Arrays.copyOfRange(framed, 10, framed.length);
        assertRefused(withoutIdentifier);
        byte[] corrupt = framed.clone();
        corrupt[14] ^= 1; // a checksum byte
        assertRefused(corrupt);
        byte[] reserved = framed.clone();
        reserved[10] = 0x02;
        assertRefused(reserved);
    }

    @Test
    void skippableChunksAreSkipped() {
        byte[] framed = write(OK_FRAME);
        ByteBuf stream = Unpooled.buffer();
        stream.writeBytes(framed, 0, 10).writeBytes(new byte[]{(byte) 0xfe, 3, 0, 0, 1, 2, 3}).writeBytes(framed, 10, framed.length - 10);
        assertArrayEquals(OK_FRAME, read(ByteBufUtil.getBytes(stream)));
        stream.release();
    }

    @Test
    void aChunkDeclaringMoreThanAPeerEverSendsIsRefusedBeforeItArrives() {
        EmbeddedChannel reader = new EmbeddedChannel(new SnappyFrameReader());
        reader.writeInbound(Unpooled.wrappedBuffer(write(OK_FRAME), 0, 10));
        assertThrows(DecoderException.class, () -> reader.writeInbound(Unpooled.wrappedBuffer(new byte[]{0, (byte) 0xff, (byte) 0xff, (byte) 0xff})));
        assertFalse(reader.finishAndReleaseAll());
    }

    private static void assertRefused(byte[] framed) {
        EmbeddedChannel reader = new EmbeddedChannel(new SnappyFrameReader());
        assertThrows(DecoderException.class, () -> reader.writeInbound(Unpooled.wrappedBuffer(framed)));
        reader.finishAndReleaseAll();
    }

    /** NSQ message frames with JSON-like bodies: what a consumer connection carries. */
    private static byte[] messageStream(int messages) {
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        for (int i = 0; i < messages; i++) {
            byte[] body = ("{\"id\":" + i + ",\"event\":\"page_view\",\"path\":\"/items/" + (i * 7919 % 1000) + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            stream.writeBytes(java.nio.ByteBuffer.allocate(4 + 4 + 26).putInt(4 + 26 + body.length).putInt(2)
                    .putLong(System.nanoTime()).putShort((short) 1).put(String.format("%016x", i).getBytes(StandardCharsets.US_ASCII))
                    .array());
            stream.writeBytes(body);
        }
        return stream.toByteArray();
    }

    private static byte[] write(byte[] data) {
        EmbeddedChannel writer = new EmbeddedChannel(new SnappyFrameWriter());
        writer.writeOutbound(Unpooled.wrappedBuffer(data));
        return drainOutbound(writer);
    }

    private static byte[] read(byte[] framed) {
        EmbeddedChannel reader = new EmbeddedChannel(new SnappyFrameReader());
        reader.writeInbound(Unpooled.wrappedBuffer(framed));
        return drain(reader);
    }

    private static byte[] drainOutbound(EmbeddedChannel channel) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (ByteBuf buf; (buf = channel.readOutbound()) != null; ) {
            out.writeBytes(ByteBufUtil.getBytes(buf));
            buf.release();
        }
        channel.finishAndReleaseAll();
        return out.toByteArray();
    }

    private static byte[] drain(EmbeddedChannel channel) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (ByteBuf buf; (buf = channel.readInbound()) != null; ) {
            out.writeBytes(ByteBufUtil.getBytes(buf));
            buf.release();
        }
        channel.finishAndReleaseAll();
        return out.toByteArray();
    }

    private static String hex(byte[] bytes) {
        return ByteBufUtil.hexDump(bytes);
    }
}
