package io.jnsq.broker.queue;

import io.jnsq.protocol.testing.LeakCheckExtension;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzzing of the disk queue's file reader over corrupted data files: well-formed records with bytes
 * flipped, cut or appended. Reading record after record either yields a record within the size bounds
 * or fails with an IOException (which the queue turns into skipping the file); nothing else escapes.
 */
class DataFileReaderPropertiesTest {

    private static final int MIN = 1;
    private static final int MAX = 1024;

    @AfterContainer
    static void noLeaks() {
        LeakCheckExtension.assertNoLeaks(DataFileReaderPropertiesTest.class.getSimpleName());
    }

    @Property
    void corruptedFilesReadOrFailWithAnIoException(@ForAll("files") byte[] contents) throws IOException {
        Path file = Files.createTempFile("jnsq-fuzz", ".dat");
        try {
            Files.write(file, contents);
            try (DataFileReader reader = DataFileReader.open(file)) {
                long position = 0;
                long size = reader.size();
                while (position < size) {
                    byte[] record;
                    try {
                        record = reader.readRecord(position, MIN, MAX);
                    } catch (IOException corrupt) {
                        break;
                    }
                    assertTrue(record.length >= MIN && record.length <= MAX, "record of " + record.length);
                    position += 4 + record.length;
                }
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Provide
    Arbitrary<byte[]> files() {
        Arbitrary<byte[]> record = Arbitraries.bytes().array(byte[].class).ofMinSize(0).ofMaxSize(40).map(body -> {
            ByteBuffer framed = ByteBuffer.allocate(4 + body.length).putInt(body.length).put(body);
            return framed.array();
        });
        Arbitrary<byte[]> wellFormed = record.list().ofMaxSize(8).map(DataFileReaderPropertiesTest::concat);
        Arbitrary<int[]> flip = Combinators.combine(Arbitraries.integers().between(0, 400), Arbitraries.integers().between(0, 255))
                .as((at, value) -> new int[] {at, value});
        return Arbitraries.oneOf(
                Arbitraries.bytes().array(byte[].class).ofMaxSize(200),
                Combinators.combine(wellFormed, flip.list().ofMaxSize(4), Arbitraries.integers().between(0, 400))
                        .as((bytes, flips, cut) -> {
                            byte[] copy = bytes.clone();
                            for (int[] f : flips) {
                                if (copy.length > 0) {
                                    copy[f[0] % copy.length] = (byte) f[1];
                                }
                            }
                            return cut < copy.length ? java.util.Arrays.copyOf(copy, cut) : copy;
                        }));
    }

    private static byte[] concat(List<byte[]> parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        parts.forEach(out::writeBytes);
        return out.toByteArray();
    }
}
