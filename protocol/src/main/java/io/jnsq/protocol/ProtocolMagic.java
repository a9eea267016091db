package io.jnsq.protocol;

import java.nio.charset.StandardCharsets;

/**
 * The four bytes a client sends first to choose a wire protocol, held as one big-endian int
 * ({@code "  V2"} is {@code 0x20205632}) so the accept path compares without allocating.
 */
public record ProtocolMagic(int value) {

    public static final int LENGTH = 4;

    /** The magic spelled by exactly four ASCII characters, e.g. {@code ProtocolMagic.of("  V2")}. */
    public static ProtocolMagic of(String fourAsciiChars) {
        byte[] bytes = fourAsciiChars.getBytes(StandardCharsets.US_ASCII);
        if (bytes.length != LENGTH || fourAsciiChars.length() != LENGTH) {
            throw new IllegalArgumentException("a protocol magic is exactly 4 ASCII bytes, got \"" + fourAsciiChars + "\"");
        }
        return new ProtocolMagic((bytes[0] & 0xff) << 24 | (bytes[1] & 0xff) << 16 | (bytes[2] & 0xff) << 8 | bytes[3] & 0xff);
    }

    /** The magic as it appears on the wire, non-printable bytes shown as {@code \xNN}. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("\"");
        for (int shift = 24; shift >= 0; shift -= 8) {
            int b = value >>> shift & 0xff;
            if (b >= 0x20 && b < 0x7f) {
                text.append((char) b);
            } else {
                text.append(String.format("\\x%02x", b));
            }
        }
        return text.append('"').toString();
    }
}
