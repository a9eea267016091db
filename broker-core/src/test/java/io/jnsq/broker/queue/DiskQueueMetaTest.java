package io.jnsq.broker.queue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DiskQueueMetaTest {

    @TempDir
    Path dir;

    @Test
    void formatsLikeGoDiskqueue() {
        assertEquals("0\n0,0\n0,0\n", DiskQueueMeta.EMPTY.format());
        assertEquals("3\n0,0\n0,93\n", new DiskQueueMeta(3, 0, 0, 0, 93).format());
        assertEquals("-2\n4,28\n7,1004\n", new DiskQueueMeta(-2, 4, 28, 7, 1004).format());
    }

    @Test
    void parsesWhatItFormatsAndIgnoresTrailingText() throws IOException {
        assertEquals(new DiskQueueMeta(1, 0, 1004, 0, 2008), DiskQueueMeta.parse("1\n0,1004\n0,2008\n"));
        assertEquals(new DiskQueueMeta(-2, 4, 28, 7, 1004), DiskQueueMeta.parse("-2\n4,28\n7,1004"));
        assertEquals(new DiskQueueMeta(5, 1, 2, 3, 4), DiskQueueMeta.parse("5\n1,2\n3,4\nextra"));
    }

    @Test
    void rejectsMalformedText() {
        assertThrows(IOException.class, () -> DiskQueueMeta.parse(""));
        assertThrows(IOException.class, () -> DiskQueueMeta.parse("1\n0,0\n"));
        assertThrows(IOException.class, () -> DiskQueueMeta.parse("1 0,0 0,0"));
        assertThrows(IOException.class, () -> DiskQueueMeta.parse("99999999999999999999\n0,0\n0,0\n"));
    }

    @Test
    void writesAtomicallyLeavingNoTemporaryFile() throws IOException {
        DiskQueueFiles files = new DiskQueueFiles(dir, "t:c");
        assertEquals(Optional.empty(), DiskQueueMeta.read(files.metaFile()));

        new DiskQueueMeta(1, 0, 0, 0, 30).writeAtomically(files);
        new DiskQueueMeta(2, 0, 0, 0, 60).writeAtomically(files);

        assertEquals("2\n0,0\n0,60\n", Files.readString(dir.resolve("t:c.diskqueue.meta.dat")));
        assertEquals(Optional.of(new DiskQueueMeta(2, 0, 0, 0, 60)), DiskQueueMeta.read(files.metaFile()));
        try (Stream<Path> entries = Files.list(dir)) {
            assertEquals(1, entries.count());
        }
    }
}
