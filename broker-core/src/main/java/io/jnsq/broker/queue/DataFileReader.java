package io.jnsq.broker.queue;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads length-prefixed records from one data file at given positions. A small buffer lets a run of
 * small records cost one read(2) per buffer-full instead of two per record; records larger than the
 * buffer are read straight into their array.
 */
final class DataFileReader implements Closeable {

    private static final int LENGTH_PREFIX = 4;
    // small because every queue with a backlog keeps one open
    private static final int BUFFER_SIZE = 16 * 1024;

    private final Path file;
    private final FileChannel channel;
    /** Bytes [bufferStart, bufferStart + limit) of the file, between reads always flipped for reading. */
    private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER_SIZE).limit(0);
    private long bufferStart;

    private DataFileReader(Path file, FileChannel channel) {
        this.file = file;
        this.channel = channel;
    }

    static DataFileReader open(Path file) throws IOException {
        return new DataFileReader(file, FileChannel.open(file, StandardOpenOption.READ));
    }

    long size() throws IOException {
        return channel.size();
    }

    /**
     * The record whose length prefix starts at {@code position}.
     *
     * @throws IOException a length outside [minSize, maxSize], a file ending inside the record, or an I/O error
     */
    byte[] readRecord(long position, int minSize, int maxSize) throws IOException {
        fill(position, LENGTH_PREFIX);
        int size = buffer.getInt(offsetOf(position));
        if (size < minSize || size > maxSize) {
            throw new IOException("invalid message read size (" + size + ")");
        }
        byte[] record = new byte[size];
        long bodyStart = position + LENGTH_PREFIX;
        if (size <= BUFFER_SIZE) {
            fill(bodyStart, size);
            buffer.get(offsetOf(bodyStart), record);
        } else {
            readLarge(bodyStart, record);
        }
        return record;
    }

    /** Makes bytes [position, position + length) available in the buffer; length is at most its capacity. */
    private void fill(long position, int length) throws IOException {
        long bufferEnd = bufferStart + buffer.limit();
        if (position >= bufferStart && position + length <= bufferEnd) {
            return;
        }
        if (position >= bufferStart && position < bufferEnd) {
            buffer.position(offsetOf(position));
            buffer.compact();
        } else {
            buffer.clear();
        }
        bufferStart = position;
        try {
            while (buffer.position() < length) {
                if (channel.read(buffer, bufferStart + buffer.position()) < 0) {
                    throw endOfFile(position);
                }
            }
        } finally {
            buffer.flip();
        }
    }

    private void readLarge(long bodyStart, byte[] record) throws IOException {
        int copied = 0;
        long bufferEnd = bufferStart + buffer.limit();
        if (bodyStart >= bufferStart && bodyStart < bufferEnd) {
            copied = (int) Math.min(record.length, bufferEnd - bodyStart);
            buffer.get(offsetOf(bodyStart), record, 0, copied);
        }
        ByteBuffer rest = ByteBuffer.wrap(record, copied, record.length - copied);
        while (rest.hasRemaining()) {
            if (channel.read(rest, bodyStart + rest.position()) < 0) {
                throw endOfFile(bodyStart);
            }
        }
    }

    /** Forgets what the buffer holds: the file may have changed under it (a failed append was cut off). */
    void discardBuffer() {
        buffer.clear().limit(0);
        bufferStart = 0;
    }

    private int offsetOf(long position) {
        return (int) (position - bufferStart);
    }

    private EOFException endOfFile(long position) {
        return new EOFException("unexpected end of " + file + " reading at " + position);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
