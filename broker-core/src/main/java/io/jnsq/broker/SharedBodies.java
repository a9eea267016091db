package io.jnsq.broker;

import java.util.List;

/**
 * A topic's store of message bodies for fan-out: with several channels, each body is written here once
 * and every channel's memory queue records only where it lies (see {@link MemoryQueue#addLastShared}),
 * where it would otherwise pack a copy of the body per channel. With four channels that is about 370
 * bytes of heap per queued message instead of 920, and less than half the memory to write.
 *
 * <p>Bodies go into large arrays sized as {@link MemoryQueue}'s chunks are ({@link ChunkSizes}), so that
 * a deep queue costs the collector few objects; an array lives as long as some channel still queues a
 * body in it. Not thread-safe: the topic's lock guards it.
 */
final class SharedBodies {

    /** As {@link MemoryQueue} keeps its last chunk up to this size when it empties. */
    private static final int KEPT_CHUNK_BYTES = 16 * 1024;

    private byte[] chunk;
    private int writePos;
    private final ChunkSizes chunkSizes = new ChunkSizes();

    /** Where each body of a batch was written, by its index in the batch. */
    record Slices(byte[][] chunks, int[] offsets) {

        byte[] chunk(int index) {
            return chunks[index];
        }

        int offset(int index) {
            return offsets[index];
        }
    }

    Slices copy(List<Message> messages) {
        int count = messages.size();
        byte[][] chunks = new byte[count][];
        int[] offsets = new int[count];
        for (int i = 0; i < count; i++) {
            byte[] body = messages.get(i).body();
            if (chunk == null || chunk.length - writePos < body.length) {
                chunk = new byte[chunkSizes.next(body.length)];
                writePos = 0;
            }
            System.arraycopy(body, 0, chunk, writePos, body.length);
            chunks[i] = chunk;
            offsets[i] = writePos;
            writePos += body.length;
        }
        return new Slices(chunks, offsets);
    }

    /**
     * The channels' queues are empty, or nearly: start again with a small array, so that an idle or
     * keeping-up topic does not hold a large one for the few bodies it shares. A small one is kept.
     */
    void restartSmall() {
        if (chunk != null && chunk.length > KEPT_CHUNK_BYTES) {
            chunk = null;
            chunkSizes.reset();
        }
    }
}
