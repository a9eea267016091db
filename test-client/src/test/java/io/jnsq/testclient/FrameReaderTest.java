package io.jnsq.testclient;

import io.jnsq.protocol.frame.FrameType;
import io.jnsq.protocol.message.MessageHeader;
import io.jnsq.protocol.message.MessageId;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FrameReaderTest {

    /** A stream that hands out at most {@code step} bytes per read, as a slow socket would. */
    private static InputStream trickling(byte[] bytes, int step) {
        return new InputStream() {
            private int position;

            @Override
            public int read() {
                return position < bytes.length ? bytes[position++] & 0xff : -1;
            }

            @Override
            public int read(byte[] target, int offset, int length) {
                if (position == bytes.length) {
                    return -1;
                }
                int count = Math.min(Math.min(step, length), bytes.length - position);
                System.arraycopy(bytes, position, target, offset, count);
                position += count;
                return count;
            }
        };
    }

    private static byte[] stream(int messages, int bodySize) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(response("OK"));
        for (int i = 0; i < messages; i++) {
            byte[] frame = new byte[MessageHeader.FRAME_PREFIX_LENGTH + bodySize];
            V2Commands.putInt(frame, 0, 4 + MessageHeader.LENGTH + bodySize);
            V2Commands.putInt(frame, 4, FrameType.MESSAGE.code());
            MessageId.write(i, frame, 8 + MessageHeader.ID_OFFSET);
            V2Commands.putLong(frame, MessageHeader.FRAME_PREFIX_LENGTH, 1000L + i);
            out.writeBytes(frame);
        }
        out.writeBytes(response("_heartbeat_"));
        return out.toByteArray();
    }

    private static byte[] response(String text) {
        byte[] data = text.getBytes(StandardCharsets.US_ASCII);
        byte[] frame = new byte[8 + data.length];
        V2Commands.putInt(frame, 0, 4 + data.length);
        V2Commands.putInt(frame, 4, FrameType.RESPONSE.code());
        System.arraycopy(data, 0, frame, 8, data.length);
        return frame;
    }

    @Test
    void readsEveryFrameWhateverTheReadSizes() throws IOException {
        // bodies larger than the reader's initial buffer make it grow as well as compact
        for (int bodySize : new int[]{8, 200, 300_000}) {
            for (int step : new int[]{1, 7, 4096, Integer.MAX_VALUE}) {
                if (bodySize > 1000 && step < 4096) {
                    continue; // a megabyte a byte at a time proves nothing more
                }
                FrameReader frames = new FrameReader(trickling(stream(5, bodySize), step), 256 * 1024);
                assertTrue(frames.next());
                assertTrue(frames.isOk());
                for (int i = 0; i < 5; i++) {
                    assertTrue(frames.next());
                    assertTrue(frames.isMessage());
                    assertEquals(bodySize, frames.bodyLength());
                    assertEquals(1000L + i, frames.bodyLong());
                    byte[] fin = new byte[V2Commands.FIN_LENGTH];
                    V2Commands.fin(fin, 0, frames.bytes(), frames.idOffset());
                    assertArrayEquals(("FIN " + MessageId.toString(i) + "\n").getBytes(StandardCharsets.US_ASCII), fin);
                }
                assertTrue(frames.next());
                assertTrue(frames.isHeartbeat());
                assertFalse(frames.next());
            }
        }
    }
}
