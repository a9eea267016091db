package io.jnsq.protocol.frame;

import io.jnsq.protocol.error.ErrorCode;
import io.jnsq.protocol.error.ProtocolException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;

import java.nio.charset.StandardCharsets;

/**
 * Ready-made frames. The constant ones are read-only and unreleasable, built once and shared by every
 * connection; write {@code duplicate()}s of them ({@link #ok()} etc. do).
 */
public final class Frames {

    private static final ByteBuf OK = constant(FrameType.RESPONSE, "OK");
    private static final ByteBuf HEARTBEAT = constant(FrameType.RESPONSE, "_heartbeat_");
    private static final ByteBuf CLOSE_WAIT = constant(FrameType.RESPONSE, "CLOSE_WAIT");

    private Frames() {
    }

    /** The complete {@code OK} response frame, header included. */
    public static ByteBuf ok() {
        return OK.duplicate();
    }

    public static ByteBuf heartbeat() {
        return HEARTBEAT.duplicate();
    }

    public static ByteBuf closeWait() {
        return CLOSE_WAIT.duplicate();
    }

    public static void writeHeader(ByteBuf out, FrameType type, int dataLength) {
        out.writeInt(dataLength + 4);
        out.writeInt(type.code());
    }

    /** A complete response frame carrying {@code text}. */
    public static ByteBuf response(ByteBufAllocator alloc, String text) {
        return complete(alloc, FrameType.RESPONSE, text);
    }

    /** A complete response frame carrying {@code data} (e.g. a JSON document). */
    public static ByteBuf response(ByteBufAllocator alloc, byte[] data) {
        ByteBuf frame = alloc.ioBuffer(Frame.HEADER_LENGTH + data.length);
        writeHeader(frame, FrameType.RESPONSE, data.length);
        return frame.writeBytes(data);
    }

    /** A complete error frame: {@code CODE description}, or the code alone for an empty description. */
    public static ByteBuf error(ByteBufAllocator alloc, ErrorCode code, String description) {
        return complete(alloc, FrameType.ERROR, description.isEmpty() ? code.name() : code.name() + " " + description);
    }

    /** The error's frame; a {@link ProtocolException#byteString() byte string} goes out byte for byte. */
    public static ByteBuf error(ByteBufAllocator alloc, ProtocolException error) {
        if (!error.byteString()) {
            return complete(alloc, FrameType.ERROR, error.wireText());
        }
        String text = error.wireText();
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            if (codePoint <= 0xff) {
                bytes.write(codePoint);
            } else {
                bytes.writeBytes(new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8));
            }
            i += Character.charCount(codePoint);
        }
        ByteBuf frame = alloc.ioBuffer(Frame.HEADER_LENGTH + bytes.size());
        writeHeader(frame, FrameType.ERROR, bytes.size());
        frame.writeBytes(bytes.toByteArray());
        return frame;
    }

    private static ByteBuf complete(ByteBufAllocator alloc, FrameType type, String text) {
        int length = ByteBufUtil.utf8Bytes(text);
        ByteBuf frame = alloc.ioBuffer(Frame.HEADER_LENGTH + length);
        writeHeader(frame, type, length);
        frame.writeCharSequence(text, StandardCharsets.UTF_8);
        return frame;
    }

    private static ByteBuf constant(FrameType type, String text) {
        byte[] data = text.getBytes(StandardCharsets.US_ASCII);
        ByteBuf frame = Unpooled.buffer(Frame.HEADER_LENGTH + data.length);
        writeHeader(frame, type, data.length);
        frame.writeBytes(data);
        return Unpooled.unreleasableBuffer(frame.asReadOnly());
    }
}
