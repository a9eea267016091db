package io.jnsq.broker.deferral;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * The layout of a deferred-message file (jnsq's own; nsqd never reads it). A file starts with an
 * 8-byte magic, then records, each:
 *
 * <pre>
 *   int32  length of what follows
 *   byte   state: 0 waiting, 1 released (rewritten in place once the message is stored where it goes next)
 *   int32  CRC-32C of the due time and payload: a torn write at a crash is told from a record
 *   int64  due time, Unix nanoseconds (wall clock: it must mean the same after a restart)
 *   bytes  payload (a message as the disk queue stores it: 26-byte header, body)
 * </pre>
 *
 * Big-endian, as the disk queue's length prefixes.
 */
final class DeferredRecord {

    static final byte[] FILE_MAGIC = "jnsqdf01".getBytes(StandardCharsets.US_ASCII);
    static final int LENGTH_PREFIX = 4;
    /** State, CRC and due time: what a record holds besides its payload after the length prefix. */
    static final int HEADER = 1 + 4 + 8;
    static final int STATE_OFFSET = LENGTH_PREFIX;
    static final byte WAITING = 0;
    static final byte RELEASED = 1;

    private DeferredRecord() {
    }

    /** Bytes a record of this payload takes in a file, length prefix included. */
    static int frameSize(int payloadLength) {
        return LENGTH_PREFIX + HEADER + payloadLength;
    }

    static void write(ByteBuffer into, long dueUnixNanos, byte[] payload) {
        into.putInt(HEADER + payload.length);
        into.put(WAITING);
        into.putInt(checksum(dueUnixNanos, payload, 0, payload.length));
        into.putLong(dueUnixNanos);
        into.put(payload);
    }

    static int checksum(long dueUnixNanos, byte[] payload, int offset, int length) {
        CRC32C crc = new CRC32C();
        for (int shift = 56; shift >= 0; shift -= 8) {
            crc.update((int) (dueUnixNanos >>> shift));
        }
        crc.update(payload, offset, length);
        return (int) crc.getValue();
    }
}
