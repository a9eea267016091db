package io.jnsq.testclient;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * A growable read buffer over a blocking stream, parsed in place: no allocation per frame or line.
 * Bytes from {@link #start()} to {@link #end()} are read and not yet consumed. A
 * {@link java.net.SocketTimeoutException} from the stream leaves the buffer consistent, so the caller
 * can check its stop conditions and simply ask again.
 */
public final class InputBuffer {

    private InputStream in;
    private byte[] bytes;
    private int start;
    private int end;

    public InputBuffer(InputStream in, int initialCapacity) {
        this.in = in;
        this.bytes = new byte[initialCapacity];
    }

    public byte[] bytes() {
        return bytes;
    }

    public int start() {
        return start;
    }

    public int end() {
        return end;
    }

    public int available() {
        return end - start;
    }

    public void consume(int count) {
        start += count;
    }

    /** Blocks until {@code count} bytes are buffered; false at end of stream. Earlier offsets may move. */
    public boolean request(int count) throws IOException {
        while (end - start < count) {
            makeRoom(count);
            if (!fill()) {
                return false;
            }
        }
        return true;
    }

    /** Reads once more from the stream, whatever is buffered; false at end of stream. */
    public boolean fill() throws IOException {
        if (end == bytes.length) {
            makeRoom(end - start + 1);
        }
        int read = in.read(bytes, end, bytes.length - end);
        if (read < 0) {
            return false;
        }
        end += read;
        return true;
    }

    /**
     * Hands over the bytes read ahead and not consumed, and reads from {@code next} from now on: when a
     * connection's encoding changes, what was read ahead belongs to the new encoding's input.
     */
    byte[] switchTo(InputStream next) {
        byte[] unread = Arrays.copyOfRange(bytes, start, end);
        start = 0;
        end = 0;
        in = next;
        return unread;
    }

    public int indexOf(byte value, int from) {
        for (int i = from; i < end; i++) {
            if (bytes[i] == value) {
                return i;
            }
        }
        return -1;
    }

    public int intAt(int index) {
        return (bytes[index] & 0xff) << 24 | (bytes[index + 1] & 0xff) << 16 | (bytes[index + 2] & 0xff) << 8 | bytes[index + 3] & 0xff;
    }

    public long longAt(int index) {
        return (long) intAt(index) << 32 | intAt(index + 4) & 0xffffffffL;
    }

    /** Discards {@code count} bytes, reading past the buffer if they are not all here yet. */
    public boolean skip(long count) throws IOException {
        long remaining = count;
        while (remaining > 0) {
            if (start == end && !fillFromStart()) {
                return false;
            }
            int step = (int) Math.min(remaining, end - start);
            start += step;
            remaining -= step;
        }
        return true;
    }

    private boolean fillFromStart() throws IOException {
        start = 0;
        end = 0;
        return fill();
    }

    /** Moves the unread bytes to the front and grows the array if {@code needed} bytes would not fit. */
    private void makeRoom(int needed) {
        int unread = end - start;
        if (bytes.length - start >= needed) {
            return;
        }
        byte[] target = bytes.length >= needed ? bytes : new byte[Math.max(needed, 2 * bytes.length)];
        System.arraycopy(bytes, start, target, 0, unread);
        bytes = target;
        start = 0;
        end = unread;
    }
}
