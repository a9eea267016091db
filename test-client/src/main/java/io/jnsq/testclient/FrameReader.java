package io.jnsq.testclient;

import io.jnsq.protocol.frame.Frame;
import io.jnsq.protocol.frame.FrameType;
import io.jnsq.protocol.message.MessageHeader;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Server → client frames read in place from a blocking stream, reading ahead: after
 * {@link #next()} the frame's data is {@link #dataLength()} bytes at {@link #dataOffset()} of
 * {@link #bytes()}, valid until the next call. A read timeout leaves a partly read frame buffered.
 */
public final class FrameReader {

    private static final byte[] HEARTBEAT = "_heartbeat_".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] OK = "OK".getBytes(StandardCharsets.US_ASCII);

    private final InputBuffer buffer;
    private int type = -1;
    private int dataOffset;
    private int dataLength;

    /** @param readAheadBytes the buffer's initial size: one read takes up to this much */
    public FrameReader(InputStream in, int readAheadBytes) {
        this.buffer = new InputBuffer(in, readAheadBytes);
    }

    /** Reads the next whole frame; false when the server closed the connection. */
    public boolean next() throws IOException {
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
    public boolean hasBufferedFrame() {
        int available = buffer.available();
        return available >= Frame.HEADER_LENGTH && available >= 4 + buffer.intAt(buffer.start());
    }

    /** Whether the peer closed the connection with nothing more to read; bytes that arrive instead stay buffered. */
    public boolean atEnd() throws IOException {
        return buffer.available() == 0 && !buffer.fill();
    }

    /** Drops whatever is buffered and not yet read as a frame. */
    public void discardBuffered() {
        buffer.consume(buffer.available());
    }

    /**
     * Reads from {@code next} from now on and returns the bytes already read ahead past the last frame:
     * after an upgrade they are the start of the new encoding.
     */
    byte[] switchTo(InputStream next) {
        return buffer.switchTo(next);
    }

    /**
     * The frame just read must be a heartbeat: answers it with {@code NOP}, or fails with
     * {@code refusal} followed by the frame's text.
     */
    public void answerHeartbeatOrFail(OutputStream out, String refusal) throws IOException {
        if (!isHeartbeat()) {
            throw new IOException(refusal + text());
        }
        out.write(V2Commands.NOP);
        out.flush();
    }

    public int type() {
        return type;
    }

    public byte[] bytes() {
        return buffer.bytes();
    }

    public int dataOffset() {
        return dataOffset;
    }

    public int dataLength() {
        return dataLength;
    }

    /** A copy of the frame's data. */
    public byte[] data() {
        return Arrays.copyOfRange(buffer.bytes(), dataOffset, dataOffset + dataLength);
    }

    public boolean isMessage() {
        return type == FrameType.MESSAGE.code();
    }

    public boolean isError() {
        return type == FrameType.ERROR.code();
    }

    public boolean isHeartbeat() {
        return type == FrameType.RESPONSE.code() && dataIs(HEARTBEAT);
    }

    public boolean isOk() {
        return type == FrameType.RESPONSE.code() && dataIs(OK);
    }

    /** The first 8 body bytes of a message frame as a long (the load tool's publish time stamp). */
    public long bodyLong() {
        return buffer.longAt(bodyOffset());
    }

    /** Where a message frame's body starts in {@link #bytes()}. */
    public int bodyOffset() {
        return dataOffset + MessageHeader.LENGTH;
    }

    public int bodyLength() {
        return dataLength - MessageHeader.LENGTH;
    }

    public int idOffset() {
        return dataOffset + MessageHeader.ID_OFFSET;
    }

    public String text() {
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
