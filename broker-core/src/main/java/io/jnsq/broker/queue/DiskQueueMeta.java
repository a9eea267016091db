package io.jnsq.broker.queue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A queue's persisted state, in go-diskqueue's text format {@code <depth>\n<readFileNum>,<readPos>\n
 * <writeFileNum>,<writePos>\n}.
 */
record DiskQueueMeta(long depth, long readFileNum, long readPos, long writeFileNum, long writePos) {

    static final DiskQueueMeta EMPTY = new DiskQueueMeta(0, 0, 0, 0, 0);

    // like Go's Fscanf("%d\n%d,%d\n%d,%d\n"): whatever follows the fifth number is ignored
    private static final Pattern FORMAT = Pattern.compile("(-?\\d+)\n(-?\\d+),(-?\\d+)\n(-?\\d+),(-?\\d+)");

    String format() {
        return depth + "\n" + readFileNum + "," + readPos + "\n" + writeFileNum + "," + writePos + "\n";
    }

    static DiskQueueMeta parse(String text) throws IOException {
        Matcher matcher = FORMAT.matcher(text);
        if (!matcher.lookingAt()) {
            throw new IOException("malformed diskqueue metadata " + quoted(text));
        }
        try {
            return new DiskQueueMeta(Long.parseLong(matcher.group(1)), Long.parseLong(matcher.group(2)),
                    Long.parseLong(matcher.group(3)), Long.parseLong(matcher.group(4)),
                    Long.parseLong(matcher.group(5)));
        } catch (NumberFormatException e) {
            throw new IOException("malformed diskqueue metadata " + quoted(text), e);
        }
    }

    /** The state stored in {@code file}, or empty when there is no such file (a fresh queue). */
    static Optional<DiskQueueMeta> read(Path file) throws IOException {
        try {
            return Optional.of(parse(Files.readString(file, StandardCharsets.US_ASCII)));
        } catch (NoSuchFileException fresh) {
            return Optional.empty();
        }
    }

    /** Replaces the meta file so that a crash leaves either the old or the new state, never a torn one. */
    void writeAtomically(DiskQueueFiles files) throws IOException {
        Path temp = files.newMetaTempFile();
        try {
            try (FileChannel channel = FileChannel.open(temp,
                    Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), files.createAttributes())) {
                ByteBuffer content = ByteBuffer.wrap(format().getBytes(StandardCharsets.US_ASCII));
                while (content.hasRemaining()) {
                    channel.write(content);
                }
                channel.force(true);
            }
            Files.move(temp, files.metaFile(), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    private static String quoted(String text) {
        String head = text.length() > 64 ? text.substring(0, 64) + "..." : text;
        return "\"" + head.replace("\n", "\\n") + "\"";
    }
}
