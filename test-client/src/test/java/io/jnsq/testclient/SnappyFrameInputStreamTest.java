package io.jnsq.testclient;

import org.junit.jupiter.api.Test;
import org.xerial.snappy.SnappyFramedOutputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SnappyFrameInputStreamTest {

    @Test
    void decodesAStreamThatArrivesInPiecesWithTimeoutsBetween() throws IOException {
        Random random = new Random(7);
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        ByteArrayOutputStream framed = new ByteArrayOutputStream();
        try (SnappyFramedOutputStream out = new SnappyFramedOutputStream(framed)) {
            for (int i = 0; i < 200; i++) {
                byte[] piece = new byte[random.nextInt(3000)];
                if (i % 3 == 0) {
                    random.nextBytes(piece); // incompressible: snappy-java writes these as uncompressed chunks
                } else {
                    byte[] text = ("message " + i + " ").repeat(400).getBytes(StandardCharsets.US_ASCII);
                    System.arraycopy(text, 0, piece, 0, piece.length);
                }
                plain.write(piece);
                out.write(piece);
                out.flush();
            }
        }
        SnappyFrameInputStream in = new SnappyFrameInputStream(new Trickle(framed.toByteArray(), random));
        ByteArrayOutputStream decoded = new ByteArrayOutputStream();
        byte[] buffer = new byte[777];
        int timeouts = 0;
        while (true) {
            int n;
            try {
                n = in.read(buffer, 0, buffer.length);
            } catch (SocketTimeoutException e) {
                timeouts++;
                continue;
            }
            if (n < 0) {
                break;
            }
            decoded.write(buffer, 0, n);
        }
        assertArrayEquals(plain.toByteArray(), decoded.toByteArray());
        assertEquals(true, timeouts > 100, "timeouts " + timeouts);
    }

    @Test
    void refusesACorruptChecksum() throws IOException {
        ByteArrayOutputStream framed = new ByteArrayOutputStream();
        try (SnappyFramedOutputStream out = new SnappyFramedOutputStream(framed)) {
            out.write("OK OK OK OK OK OK OK OK OK OK OK OK OK OK".getBytes(StandardCharsets.US_ASCII));
        }
        byte[] bytes = framed.toByteArray();
        bytes[10 + 4] ^= 1; // first byte of the data chunk's checksum, after the 10-byte stream identifier
        SnappyFrameInputStream in = new SnappyFrameInputStream(new java.io.ByteArrayInputStream(bytes));
        assertThrows(IOException.class, () -> in.read(new byte[100], 0, 100));
    }

    /** Hands out a few bytes per read and throws a read timeout on every other call. */
    private static final class Trickle extends InputStream {
        private final byte[] bytes;
        private final Random random;
        private int position;
        private boolean timeoutNext;

        Trickle(byte[] bytes, Random random) {
            this.bytes = bytes;
            this.random = random;
        }

        @Override
        public int read() {
            throw new UnsupportedOperationException();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            timeoutNext = !timeoutNext;
            if (timeoutNext) {
                throw new SocketTimeoutException("Read timed out");
            }
            if (position == bytes.length) {
                return -1;
            }
            int n = Math.min(Math.min(len, 1 + random.nextInt(900)), bytes.length - position);
            System.arraycopy(bytes, position, b, off, n);
            position += n;
            return n;
        }
    }
}
