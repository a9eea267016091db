package io.jnsq.broker.v2;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.compression.DecompressionException;
import org.xerial.snappy.Snappy;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Reads the snappy framing format. The stream must open with the identifier chunk (nsqd's reader insists
 * too), every checksum is verified, and no chunk may claim more than a well-behaved peer ever sends, so a
 * connection buffers at most one such chunk whatever it declares.
 */
final class SnappyFrameReader extends ByteToMessageDecoder {

    private static final byte[] IDENTIFIER = "sNaPpY".getBytes(StandardCharsets.US_ASCII);

    private boolean started;
    private boolean corrupt;

    /** After one refusal the rest is dropped: the connection is closing, and one error is enough to report. */
    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        if (corrupt) {
            in.skipBytes(in.readableBytes());
            return;
        }
        try {
            decodeChunk(ctx, in, out);
        } catch (Exception refused) {
            corrupt = true;
            in.skipBytes(in.readableBytes());
            throw refused;
        }
    }

    private void decodeChunk(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        if (in.readableBytes() < 4) {
            return;
        }
        int start = in.readerIndex();
        int type = in.getUnsignedByte(start);
        int length = in.getUnsignedMediumLE(start + 1);
        if (length > SnappyFraming.MAX_CHUNK_LENGTH) {
            throw new DecompressionException("snappy chunk of " + length + " bytes");
        }
        if (in.readableBytes() < 4 + length) {
            return;
        }
        in.skipBytes(4);
        if (type == SnappyFraming.STREAM_IDENTIFIER) {
            readIdentifier(in, length);
        } else if (!started) {
            throw new DecompressionException("snappy stream does not start with the stream identifier");
        } else if (type == SnappyFraming.COMPRESSED || type == SnappyFraming.UNCOMPRESSED) {
            out.add(readData(ctx, in, length, type == SnappyFraming.COMPRESSED));
        } else if (type < 0x80) {
            throw new DecompressionException("reserved unskippable snappy chunk type " + type);
        } else {
            in.skipBytes(length); // reserved skippable chunk
        }
    }

    private void readIdentifier(ByteBuf in, int length) {
        byte[] identifier = new byte[length];
        in.readBytes(identifier);
        if (!java.util.Arrays.equals(identifier, IDENTIFIER)) {
            throw new DecompressionException("bad snappy stream identifier");
        }
        started = true;
    }

    private static ByteBuf readData(ChannelHandlerContext ctx, ByteBuf in, int length, boolean compressed) throws Exception {
        if (length < 4) {
            throw new DecompressionException("snappy chunk too short for its checksum");
        }
        int expectedCrc = in.readIntLE();
        int dataLength = length - 4;
        byte[] plain = SnappyFraming.plainScratch();
        int plainLength;
        if (compressed) {
            byte[] packed = SnappyFraming.packedScratch();
            in.readBytes(packed, 0, dataLength);
            plainLength = Snappy.uncompressedLength(packed, 0, dataLength);
            if (plainLength > SnappyFraming.MAX_UNCOMPRESSED) {
                throw new DecompressionException("snappy chunk of " + plainLength + " uncompressed bytes");
            }
            Snappy.rawUncompress(packed, 0, dataLength, plain, 0);
        } else {
            if (dataLength > SnappyFraming.MAX_UNCOMPRESSED) {
                throw new DecompressionException("uncompressed snappy chunk of " + dataLength + " bytes");
            }
            in.readBytes(plain, 0, dataLength);
            plainLength = dataLength;
        }
        if (SnappyFraming.maskedCrc(plain, 0, plainLength) != expectedCrc) {
            throw new DecompressionException("snappy chunk checksum mismatch");
        }
        return ctx.alloc().heapBuffer(plainLength).writeBytes(plain, 0, plainLength);
    }
}
