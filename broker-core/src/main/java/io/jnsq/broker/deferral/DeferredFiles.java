package io.jnsq.broker.deferral;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The names of one queue's deferred-message files: {@code <queue>.deferred.<%06d>.dat} beside the
 * queue's own {@code <queue>.diskqueue.*} files. nsqd opens only files named after its disk queues and
 * {@code nsqd.dat}, so it never reads these: a data path stays usable by nsqd, which simply does not
 * see the messages waiting here.
 */
final class DeferredFiles {

    private static final String INFIX = ".deferred.";
    private static final Pattern ANY_QUEUE = Pattern.compile("(.+)" + Pattern.quote(INFIX) + "(\\d{6,})\\.dat");
    private static final FileAttribute<?>[] OWNER_READ_WRITE =
            {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))};

    private final Path directory;
    private final String prefix;
    private final Pattern ownFile;

    DeferredFiles(Path directory, String queueName) {
        this.directory = directory;
        this.prefix = queueName + INFIX;
        this.ownFile = Pattern.compile(Pattern.quote(prefix) + "(\\d{6,})\\.dat");
    }

    Path dataFile(long fileNum) {
        return directory.resolve(prefix + String.format("%06d", fileNum) + ".dat");
    }

    Path badFile(long fileNum) {
        return directory.resolve(dataFile(fileNum).getFileName() + ".bad");
    }

    /** Mode 0600, as the disk queue's files, where the file system has POSIX permissions. */
    FileAttribute<?>[] createAttributes() {
        return directory.getFileSystem().supportedFileAttributeViews().contains("posix")
                ? OWNER_READ_WRITE.clone() : new FileAttribute<?>[0];
    }

    /** Numbers of this queue's data files present, ascending. */
    List<Long> existingFileNums() throws IOException {
        List<Long> nums = new ArrayList<>();
        for (Path file : list(directory)) {
            Matcher match = ownFile.matcher(file.getFileName().toString());
            if (match.matches()) {
                nums.add(Long.parseLong(match.group(1)));
            }
        }
        nums.sort(null);
        return nums;
    }

    /** The queues ({@code topic} or {@code topic:channel}) that have deferred-message files in {@code directory}. */
    static Set<String> queuesWithFiles(Path directory) throws IOException {
        Set<String> queues = new TreeSet<>();
        for (Path file : list(directory)) {
            Matcher match = ANY_QUEUE.matcher(file.getFileName().toString());
            if (match.matches()) {
                queues.add(match.group(1));
            }
        }
        return queues;
    }

    private static List<Path> list(Path directory) throws IOException {
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory, "*" + INFIX + "*.dat")) {
            stream.forEach(entries::add);
        } catch (NoSuchFileException gone) {
            return List.of();
        }
        return entries;
    }
}
