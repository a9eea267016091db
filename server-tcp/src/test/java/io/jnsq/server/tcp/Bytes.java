package io.jnsq.server.tcp;

import io.jnsq.protocol.ProtocolMagic;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Byte arrays the tests send and expect. */
final class Bytes {

    /** {@code E_BAD_PROTOCOL} framed as nsqd sends it (spec §1.3), spelled out rather than encoded. */
    static final byte[] BAD_PROTOCOL_FRAME = {
            0x00, 0x00, 0x00, 0x12, 0x00, 0x00, 0x00, 0x01,
            0x45, 0x5F, 0x42, 0x41, 0x44, 0x5F, 0x50, 0x52, 0x4F, 0x54, 0x4F, 0x43, 0x4F, 0x4C};

    private Bytes() {
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] magic(ProtocolMagic magic) {
        return ByteBuffer.allocate(ProtocolMagic.LENGTH).putInt(magic.value()).array();
    }

    static byte[] concat(byte[] first, byte[] second) {
        return ByteBuffer.allocate(first.length + second.length).put(first).put(second).array();
    }
}
