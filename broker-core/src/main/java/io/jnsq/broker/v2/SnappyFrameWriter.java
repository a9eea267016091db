package io.jnsq.broker.v2;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;
import org.xerial.snappy.Snappy;

import java.io.IOException;

/** Writes the snappy framing format; a chunk that would not shrink by an eighth goes uncompressed, as in nsqd. */
final class SnappyFrameWriter extends MessageToByteEncoder<ByteBuf> {

    private boolean started;

    SnappyFrameWriter() {
        super(ByteBuf.class, false);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, ByteBuf in, ByteBuf out) throws IOException {
        if (!started) {
            out.writeBytes(SnappyFraming.STREAM_IDENTIFIER_CHUNK);
            started = true;
        }
        byte[] plain = SnappyFraming.plainScratch();
        byte[] packed = SnappyFraming.packedScratch();
        while (in.isReadable()) {
            int length = Math.min(in.readableBytes(), SnappyFraming.MAX_UNCOMPRESSED);
            in.readBytes(plain, 0, length);
            int packedLength = Snappy.rawCompress(plain, 0, length, packed, 0);
            boolean worthIt = packedLength < length - length / 8;
            int dataLength = worthIt ? packedLength : length;
            out.ensureWritable(8 + dataLength);
            out.writeByte(worthIt ? SnappyFraming.COMPRESSED : SnappyFraming.UNCOMPRESSED);
            out.writeMediumLE(4 + dataLength);
            out.writeIntLE(SnappyFraming.maskedCrc(plain, 0, length));
            out.writeBytes(worthIt ? packed : plain, 0, dataLength);
        }
    }
}
