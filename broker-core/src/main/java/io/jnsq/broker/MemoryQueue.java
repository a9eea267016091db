package io.jnsq.broker;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayDeque;

/**
 * The messages a topic or channel holds in memory ({@code --mem-queue-size}), in order, packed as
 * records into a few large byte arrays rather than kept as millions of objects.
 *
 * <p>Why: a queued message can wait for minutes, so as objects every one of them would be traced and
 * copied by each young collection until it was promoted, and with a deep queue those pauses were most
 * of the broker's time. Chunks grow to a size the collector allocates straight into the old generation
 * and never copies ({@link ChunkSizes}). A record is the message's id, timestamp, attempts
 * and deferral (30 bytes) and its body, or, for a body a topic shares among its channels, where that
 * body lies ({@link SharedBodies}); {@link #pollFirst} makes a fresh {@link Message} again.
 *
 * <p>Not thread-safe: the owning topic's or channel's lock guards it.
 */
final class MemoryQueue {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle SHORTS = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);

    /** body length (4), id (8), timestamp (8), deferral (8), attempts (2) */
    static final int RECORD_HEADER_BYTES = 30;
    /** An emptied queue keeps its last chunk up to this size, so a queue that fills and drains reuses it. */
    private static final int KEPT_CHUNK_BYTES = 16 * 1024;
    /** Written where a chunk's records end before its last byte. */
    private static final int END_OF_CHUNK = -1;
    /** Set in the length of a record whose body lies in a shared array: 8 more bytes say where. */
    private static final int SHARED = Integer.MIN_VALUE;
    /** the shared array's sequence number (4), the body's offset in it (4) */
    private static final int SHARED_LOCATION_BYTES = 8;

    private ArrayDeque<byte[]> chunks = new ArrayDeque<>();
    private int readPos;
    private int writePos;
    private ChunkSizes chunkSizes = new ChunkSizes();
    private int size;
    /** The shared arrays records point into, oldest first, and the sequence number of the first. */
    private ArrayDeque<byte[]> sharedChunks = new ArrayDeque<>();
    private int firstSharedSeq;

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    void addLast(Message message) {
        byte[] body = message.body();
        byte[] tail = writeHeader(message, body.length, body.length);
        System.arraycopy(body, 0, tail, writePos + RECORD_HEADER_BYTES, body.length);
        writePos += RECORD_HEADER_BYTES + body.length;
        size++;
    }

    /**
     * Queues the message with its body left where it lies in {@code shared} at {@code offset}, a chunk
     * of the topic's {@link SharedBodies}. Chunks must come in the order the topic wrote them.
     */
    void addLastShared(Message message, byte[] shared, int offset) {
        if (sharedChunks.peekLast() != shared) {
            sharedChunks.addLast(shared);
        }
        int length = message.body().length;
        byte[] tail = writeHeader(message, SHARED | length, SHARED_LOCATION_BYTES);
        int at = writePos + RECORD_HEADER_BYTES;
        INTS.set(tail, at, firstSharedSeq + sharedChunks.size() - 1);
        INTS.set(tail, at + 4, offset);
        writePos = at + SHARED_LOCATION_BYTES;
        size++;
    }

    /** Writes a record's header at {@link #writePos} of the tail chunk, which it makes room in first. */
    private byte[] writeHeader(Message message, int lengthField, int payloadBytes) {
        int recordBytes = RECORD_HEADER_BYTES + payloadBytes;
        byte[] tail = chunks.peekLast();
        if (tail == null || tail.length - writePos < recordBytes) {
            tail = newChunk(tail, recordBytes);
        }
        int at = writePos;
        INTS.set(tail, at, lengthField);
        LONGS.set(tail, at + 4, message.id());
        LONGS.set(tail, at + 12, message.timestamp());
        LONGS.set(tail, at + 20, message.deferNanos());
        SHORTS.set(tail, at + 28, (short) message.attempts());
        return tail;
    }

    /** The oldest message, or {@code null} when the queue is empty. */
    Message pollFirst() {
        if (size == 0) {
            return null;
        }
        byte[] head = chunks.peekFirst();
        if (endOfChunk(head, readPos)) {
            chunks.pollFirst();
            head = chunks.peekFirst();
            readPos = 0;
        }
        int at = readPos;
        int lengthField = (int) INTS.get(head, at);
        long id = (long) LONGS.get(head, at + 4);
        long timestamp = (long) LONGS.get(head, at + 12);
        long deferNanos = (long) LONGS.get(head, at + 20);
        int attempts = Short.toUnsignedInt((short) SHORTS.get(head, at + 28));
        byte[] body;
        if ((lengthField & SHARED) == 0) {
            body = new byte[lengthField];
            System.arraycopy(head, at + RECORD_HEADER_BYTES, body, 0, lengthField);
            readPos = at + RECORD_HEADER_BYTES + lengthField;
        } else {
            body = new byte[lengthField & ~SHARED];
            int seq = (int) INTS.get(head, at + RECORD_HEADER_BYTES);
            int offset = (int) INTS.get(head, at + RECORD_HEADER_BYTES + 4);
            for (; firstSharedSeq != seq; firstSharedSeq++) {
                sharedChunks.pollFirst(); // no record left points into it: the collector may have it
            }
            System.arraycopy(sharedChunks.peekFirst(), offset, body, 0, body.length);
            readPos = at + RECORD_HEADER_BYTES + SHARED_LOCATION_BYTES;
        }
        if (--size == 0) {
            keepOnlyTailChunk();
        }
        return new Message(id, body, timestamp, attempts).deferFor(deferNanos);
    }

    /** Takes over everything {@code other} holds, in O(1), leaving it empty; this queue must be empty. */
    void takeAllFrom(MemoryQueue other) {
        if (size != 0) {
            throw new IllegalStateException("not empty");
        }
        ArrayDeque<byte[]> ownChunks = chunks;
        chunks = other.chunks;
        other.chunks = ownChunks;
        ChunkSizes ownSizes = chunkSizes;
        chunkSizes = other.chunkSizes;
        other.chunkSizes = ownSizes;
        ArrayDeque<byte[]> ownShared = sharedChunks;
        sharedChunks = other.sharedChunks;
        other.sharedChunks = ownShared;
        firstSharedSeq = other.firstSharedSeq;
        readPos = other.readPos;
        writePos = other.writePos;
        size = other.size;
        other.clear();
    }

    void clear() {
        size = 0;
        keepOnlyTailChunk();
    }

    private boolean endOfChunk(byte[] chunk, int position) {
        return chunk.length - position < RECORD_HEADER_BYTES || (int) INTS.get(chunk, position) == END_OF_CHUNK;
    }

    private byte[] newChunk(byte[] full, int recordBytes) {
        if (full != null && full.length - writePos >= Integer.BYTES) {
            INTS.set(full, writePos, END_OF_CHUNK);
        }
        byte[] chunk = new byte[chunkSizes.next(recordBytes)];
        chunks.addLast(chunk);
        writePos = 0;
        return chunk;
    }

    /** Empty now: the memory goes back, except one small chunk to start again with. */
    private void keepOnlyTailChunk() {
        byte[] tail = chunks.peekLast();
        chunks.clear();
        if (tail != null && tail.length <= KEPT_CHUNK_BYTES) {
            chunks.addLast(tail);
        }
        readPos = 0;
        writePos = 0;
        chunkSizes.reset();
        sharedChunks.clear();
    }
}
