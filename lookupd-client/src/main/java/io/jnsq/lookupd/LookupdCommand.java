package io.jnsq.lookupd;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

import java.nio.charset.StandardCharsets;

/**
 * One line of the {@code "  V1"} protocol, with IDENTIFY's length-prefixed body. Names go on the wire as
 * they are: the broker has validated them (ASCII letters, digits, {@code . _ - #}).
 */
record LookupdCommand(String line, byte[] body) {

    static final LookupdCommand PING = new LookupdCommand("PING", null);

    static LookupdCommand identify(byte[] json) {
        return new LookupdCommand("IDENTIFY", json);
    }

    static LookupdCommand register(Registration registration) {
        return new LookupdCommand(withNames("REGISTER", registration), null);
    }

    static LookupdCommand unregister(Registration registration) {
        return new LookupdCommand(withNames("UNREGISTER", registration), null);
    }

    private static String withNames(String verb, Registration registration) {
        return registration.isTopic() ? verb + " " + registration.topic()
                : verb + " " + registration.topic() + " " + registration.channel();
    }

    boolean isPing() {
        return this == PING;
    }

    ByteBuf encode(ByteBufAllocator allocator) {
        byte[] text = line.getBytes(StandardCharsets.US_ASCII);
        int size = text.length + 1 + (body == null ? 0 : 4 + body.length);
        ByteBuf buffer = allocator.buffer(size);
        buffer.writeBytes(text).writeByte('\n');
        if (body != null) {
            buffer.writeInt(body.length).writeBytes(body);
        }
        return buffer;
    }

    @Override
    public String toString() {
        return line;
    }
}
