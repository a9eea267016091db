package io.jnsq.benchmarks.load;

import io.jnsq.protocol.frame.Frame;
import io.jnsq.protocol.frame.FrameType;
import io.jnsq.protocol.message.MessageHeader;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Server → client frames read in place from a blocking socket: after {@link #next()} the frame's data
 * is {@link #dataLength()} bytes at {@link #dataOffset()} of {@link #bytes()}, valid until the next call.
 */
final class FrameReader {

    private static final byte[] HEARTBEAT = "_heartbeat_".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] OK = "OK".getBytes(StandardCharsets.US_ASCII);

    private final InputBuffer buffer;
    private int type = -1;
    private int dataOffset;
    private int dataLength;

    FrameReader(InputStream in) {
        this.buffer = new InputBuffer(in, 256 * 1024);
    }

    /**
     * The frame just read must be a heartbeat: answers it with {@code NOP}, or fails with
     * {@code refusal} followed by the frame's text.
     */
    void answerHeartbeatOrFail(OutputStream out, String refusal) throws IOException {
        if (!isHeartbeat()) {
            throw new IOException(refusal + text());
        }
        out.write(V2Commands.NOP);
        out.flush();
    }

    /** Reads the next whole frame; false when the server closed the connection. */
    boolean next() throws IOException {
        if (!buffer.request(Frame.HEADER_LENGTH)) {
            return false;
        }
        int size = buffer.intAt(buffer.start());
        if (size < 4) {
            throw new IOException("corrupt frame: size " + size);
        }
        if (!buffer.request(4 + size)) {
            return false;
        }
        type = buffer.intAt(buffer.start() + 4);
        dataOffset = buffer.start() + Frame.HEADER_LENGTH;
        dataLength = size - 4;
        buffer.consume(4 + size);
        return true;
    }

    /** Whether {@link #next()} can return without reading the socket: flush pending writes otherwise. */
    boolean hasBufferedFrame() {
        int available = buffer.available();
        return available >= Frame.HEADER_LENGTH && available >= 4 + buffer.intAt(buffer.start());
    }

    byte[] bytes() {
        return buffer.bytes();
    }

    int dataOffset() {
        return dataOffset;
    }

    int dataLength() {
        return dataLength;
    }

    boolean isMessage() {
        return type == FrameType.MESSAGE.code();
    }

    boolean isError() {
        return type == FrameType.ERROR.code();
    }

    boolean isHeartbeat() {
        return type == FrameType.RESPONSE.code() && dataIs(HEARTBEAT);
    }

    boolean isOk() {
        return type == FrameType.RESPONSE.code() && dataIs(OK);
    }

    /** The first 8 body bytes of a message frame as a long (the load tool's publish time stamp). */
    long bodyLong() {
        return buffer.longAt(dataOffset + MessageHeader.LENGTH);
    }

    int bodyLength() {
        return dataLength - MessageHeader.LENGTH;
    }

    int idOffset() {
        return dataOffset + MessageHeader.ID_OFFSET;
    }

    String text() {
        return new String(buffer.bytes(), dataOffset, dataLength, StandardCharsets.UTF_8);
    }

    private boolean dataIs(byte[] expected) {
        if (dataLength != expected.length) {
            return false;
        }
        byte[] bytes = buffer.bytes();
        for (int i = 0; i < expected.length; i++) {
            if (bytes[dataOffset + i] != expected[i]) {
                return false;
            }
        }
        return true;
    }
}
