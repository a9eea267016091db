package io.jnsq.testclient;

import org.xerial.snappy.Snappy;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * Reads the snappy framing format (https://github.com/google/snappy/blob/main/framing_format.txt), as
 * nsqd writes it after a snappy upgrade, verifying each chunk's masked CRC-32C. Unlike snappy-java's
 * {@code SnappyFramedInputStream} it decodes a chunk only once all of its bytes have arrived, and keeps
 * what it has read when the underlying socket times out, so polling reads (short
 * {@code SO_TIMEOUT}s) work on a snappy connection as on a plain one.
 */
final class SnappyFrameInputStream extends InputStream {

    private static final int MAX_CHUNK = 16 * 1024 * 1024;
    private static final int MAX_UNCOMPRESSED = 65_536;
    private static final byte[] STREAM_IDENTIFIER = {'s', 'N', 'a', 'P', 'p', 'Y'};

    private final InputStream in;
    private byte[] raw = new byte[128 * 1024];
    private int rawStart;
    private int rawEnd;
    private final byte[] plain = new byte[MAX_UNCOMPRESSED];
    private int plainStart;
    private int plainEnd;
    private boolean sawIdentifier;
    private final CRC32C crc = new CRC32C();

    SnappyFrameInputStream(InputStream in) {
        this.in = in;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (plainStart == plainEnd) {
            if (!decodeBufferedChunk() && !fill()) {
                return -1;
            }
        }
        int n = Math.min(len, plainEnd - plainStart);
        System.arraycopy(plain, plainStart, b, off, n);
        plainStart += n;
        return n;
    }

    @Override
    public int available() {
        return plainEnd - plainStart;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /** Reads once from the stream into the raw buffer; false at end of stream. A timeout loses nothing. */
    private boolean fill() throws IOException {
        if (rawEnd == raw.length) {
            int unread = rawEnd - rawStart;
            if (rawStart == 0) {
                raw = Arrays.copyOf(raw, raw.length * 2);
            } else {
                System.arraycopy(raw, rawStart, raw, 0, unread);
                rawStart = 0;
                rawEnd = unread;
            }
        }
        int n = in.read(raw, rawEnd, raw.length - rawEnd);
        if (n < 0) {
            if (rawEnd > rawStart) {
                throw new IOException("snappy stream ended inside a chunk");
            }
            return false;
        }
        rawEnd += n;
        return true;
    }

    /** Decodes the next chunk if it is all buffered (skipping non-data chunks); false if more input is needed. */
    private boolean decodeBufferedChunk() throws IOException {
        while (rawEnd - rawStart >= 4) {
            int type = raw[rawStart] & 0xff;
            int length = (raw[rawStart + 1] & 0xff) | (raw[rawStart + 2] & 0xff) << 8 | (raw[rawStart + 3] & 0xff) << 16;
            if (length > MAX_CHUNK) {
                throw new IOException("snappy chunk too large: " + length);
            }
            if (rawEnd - rawStart < 4 + length) {
                return false;
            }
            int data = rawStart + 4;
            rawStart = data + length;
            switch (type) {
                case 0xff -> {
                    if (length != STREAM_IDENTIFIER.length
                            || !Arrays.equals(raw, data, data + length, STREAM_IDENTIFIER, 0, STREAM_IDENTIFIER.length)) {
                        throw new IOException("bad snappy stream identifier");
                    }
                    sawIdentifier = true;
                }
                case 0x00, 0x01 -> {
                    if (!sawIdentifier) {
                        throw new IOException("snappy data before the stream identifier");
                    }
                    if (length < 4) {
                        throw new IOException("snappy chunk too short: " + length);
                    }
                    int expected = (raw[data] & 0xff) | (raw[data + 1] & 0xff) << 8 | (raw[data + 2] & 0xff) << 16
                            | (raw[data + 3] & 0xff) << 24;
                    int n;
                    if (type == 0x00) {
                        if (Snappy.uncompressedLength(raw, data + 4, length - 4) > MAX_UNCOMPRESSED) {
                            throw new IOException("snappy chunk decodes to more than " + MAX_UNCOMPRESSED + " bytes");
                        }
                        n = Snappy.uncompress(raw, data + 4, length - 4, plain, 0);
                    } else {
                        n = length - 4;
                        if (n > MAX_UNCOMPRESSED) {
                            throw new IOException("uncompressed snappy chunk larger than " + MAX_UNCOMPRESSED + " bytes");
                        }
                        System.arraycopy(raw, data + 4, plain, 0, n);
                    }
                    if (maskedCrc(plain, n) != expected) {
                        throw new IOException("snappy chunk checksum mismatch");
                    }
                    plainStart = 0;
                    plainEnd = n;
                    if (n > 0) {
                        return true;
                    }
                }
                default -> {
                    if (type < 0x80) {
                        throw new IOException("unskippable snappy chunk type " + type);
                    }
                    // padding (0xfe) and skippable chunks (0x80-0xfd)
                }
            }
        }
        return false;
    }

    private int maskedCrc(byte[] bytes, int length) {
        crc.reset();
        crc.update(bytes, 0, length);
        int c = (int) crc.getValue();
        return ((c >>> 15) | (c << 17)) + 0xa282ead8;
    }
}
