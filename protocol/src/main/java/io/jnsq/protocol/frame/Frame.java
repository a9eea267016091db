package io.jnsq.protocol.frame;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;

import java.nio.charset.StandardCharsets;

/**
 * One server → client frame: {@code [int32 size][int32 type][data]}, size counting type and data.
 * Owns its data buffer: whoever holds the frame last releases it.
 */
public final class Frame extends DefaultByteBufHolder {

    /** Bytes before the data: the size int and the type int. */
    public static final int HEADER_LENGTH = 8;

    private final FrameType type;

    public Frame(FrameType type, ByteBuf data) {
        super(data);
        this.type = type;
    }

    public FrameType type() {
        return type;
    }

    /** The data as text: a response or an error's {@code CODE description}. */
    public String text() {
        return content().toString(StandardCharsets.UTF_8);
    }

    @Override
    public Frame replace(ByteBuf content) {
        return new Frame(type, content);
    }

    @Override
    public String toString() {
        return "Frame(" + type + ", " + content().readableBytes() + " bytes)";
    }
}
