package io.jnsq.broker.queue;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.util.List;
import java.util.Set;

/**
 * Appends length-prefixed records to one data file. A batch goes to the kernel in a single write(2) and
 * nothing is held back in user space: as with nsqd, a record whose put returned survives a crash of
 * this process, and a reader sees it at once; only an OS crash can lose what was not yet fsynced.
 */
final class DataFileWriter implements Closeable {

    /** Batches up to this size reuse one buffer; a typical MPUB's share fits, larger ones are rare. */
    private static final int REUSED_BUFFER_BYTES = 64 * 1024;

    private final FileChannel channel;
    private ByteBuffer reused;

    private DataFileWriter(FileChannel channel) {
        this.channel = channel;
    }

    /** Opens (creating with {@code attributes} if needed) {@code file} for appending at {@code position}. */
    static DataFileWriter open(Path file, long position, FileAttribute<?>... attributes) throws IOException {
        FileChannel channel = FileChannel.open(file,
                Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE), attributes);
        try {
            channel.position(position);
        } catch (IOException e) {
            try {
                channel.close();
            } catch (IOException closeFailure) {
                e.addSuppressed(closeFailure);
            }
            throw e;
        }
        return new DataFileWriter(channel);
    }

    /** Appends the records, each behind its 4-byte length, with one write of {@code totalBytes}. */
    void append(List<byte[]> records, int totalBytes) throws IOException {
        ByteBuffer batch = buffer(totalBytes);
        for (byte[] record : records) {
            batch.putInt(record.length).put(record);
        }
        batch.flip();
        while (batch.hasRemaining()) {
            channel.write(batch);
        }
    }

    private ByteBuffer buffer(int bytes) {
        if (bytes > REUSED_BUFFER_BYTES) {
            return ByteBuffer.allocate(bytes);
        }
        if (reused == null) {
            reused = ByteBuffer.allocate(REUSED_BUFFER_BYTES);
        }
        return reused.clear().limit(bytes);
    }

    /** Cuts off what a failed append may have left, so readers never meet a half-written record. */
    void truncate(long size) throws IOException {
        channel.truncate(size);
    }

    /** fdatasync: enough here, since the file size (the metadata that matters) is included. */
    void force() throws IOException {
        channel.force(false);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
