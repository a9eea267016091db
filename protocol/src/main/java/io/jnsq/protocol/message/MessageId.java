package io.jnsq.protocol.message;

import io.netty.buffer.ByteBuf;

/**
 * A message id on the wire: the 64-bit id as 16 lowercase hex ASCII bytes. Clients treat it as opaque
 * and echo it back in FIN, REQ and TOUCH.
 */
public final class MessageId {

    public static final int LENGTH = 16;

    /** What {@link #parse} answers for 16 bytes that no server-made id can be. */
    public static final long INVALID = -1L;

    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private MessageId() {
    }

    /** Two 8-byte writes rather than sixteen 1-byte ones: this runs once per delivered message. */
    public static void write(long id, ByteBuf out) {
        out.writeLong(hexDigits((int) (id >>> 32)));
        out.writeLong(hexDigits((int) id));
    }

    /** The 8 hex digits of {@code value}, most significant first, packed big-endian into a long. */
    private static long hexDigits(int value) {
        long packed = 0;
        for (int shift = 28; shift >= 0; shift -= 4) {
            packed = packed << 8 | HEX[(value >>> shift) & 0xf];
        }
        return packed;
    }

    public static void write(long id, byte[] out, int offset) {
        for (int i = 0; i < LENGTH; i++) {
            out[offset + i] = HEX[(int) (id >>> (60 - 4 * i)) & 0xf];
        }
    }

    public static String toString(long id) {
        byte[] hex = new byte[LENGTH];
        write(id, hex, 0);
        return new String(hex, java.nio.charset.StandardCharsets.US_ASCII);
    }

    /**
     * The id spelled by {@code LENGTH} bytes at {@code index}, or {@link #INVALID} when they are not
     * lowercase hex (nsqd compares ids as bytes, so {@code "ABCD..."} matches nothing it sent).
     */
    public static long parse(ByteBuf in, int index) {
        long id = 0;
        for (int i = 0; i < LENGTH; i++) {
            int digit = hexValue(in.getByte(index + i));
            if (digit < 0) {
                return INVALID;
            }
            id = id << 4 | digit;
        }
        return id < 0 ? INVALID : id;
    }

    public static long parse(CharSequence text) {
        if (text.length() != LENGTH) {
            return INVALID;
        }
        long id = 0;
        for (int i = 0; i < LENGTH; i++) {
            char c = text.charAt(i);
            int digit = c > 0x7f ? -1 : hexValue((byte) c);
            if (digit < 0) {
                return INVALID;
            }
            id = id << 4 | digit;
        }
        return id < 0 ? INVALID : id;
    }

    private static int hexValue(byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        if (b >= 'a' && b <= 'f') {
            return b - 'a' + 10;
        }
        return -1;
    }
}
