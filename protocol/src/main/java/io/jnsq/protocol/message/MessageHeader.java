package io.jnsq.protocol.message;

import io.jnsq.protocol.frame.Frame;
import io.jnsq.protocol.frame.FrameType;
import io.jnsq.protocol.frame.Frames;
import io.netty.buffer.ByteBuf;

/**
 * The 26 bytes before a message body, in message frames and in disk queue records alike:
 * {@code int64 timestamp (ns) | uint16 attempts | 16 ASCII bytes of id}.
 */
public final class MessageHeader {

    public static final int TIMESTAMP_OFFSET = 0;
    public static final int ATTEMPTS_OFFSET = 8;
    public static final int ID_OFFSET = 10;
    public static final int LENGTH = 26;

    /** Bytes before the body in a complete message frame: frame header plus message header. */
    public static final int FRAME_PREFIX_LENGTH = Frame.HEADER_LENGTH + LENGTH;

    private MessageHeader() {
    }

    public static void write(ByteBuf out, long timestampNanos, int attempts, long id) {
        out.writeLong(timestampNanos);
        out.writeShort(attempts);
        MessageId.write(id, out);
    }

    /** Writes the frame header and the message header for a body of {@code bodyLength} bytes. */
    public static void writeFramePrefix(ByteBuf out, long timestampNanos, int attempts, long id, int bodyLength) {
        Frames.writeHeader(out, FrameType.MESSAGE, LENGTH + bodyLength);
        write(out, timestampNanos, attempts, id);
    }

    public static long timestamp(ByteBuf message) {
        return message.getLong(message.readerIndex() + TIMESTAMP_OFFSET);
    }

    public static int attempts(ByteBuf message) {
        return message.getUnsignedShort(message.readerIndex() + ATTEMPTS_OFFSET);
    }

    public static long id(ByteBuf message) {
        return MessageId.parse(message, message.readerIndex() + ID_OFFSET);
    }
}
