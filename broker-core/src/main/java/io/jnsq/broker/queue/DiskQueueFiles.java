package io.jnsq.broker.queue;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * The names of one queue's files, exactly as go-diskqueue spells them so a data path can move between
 * nsqd and jnsq: {@code <name>.diskqueue.<%06d>.dat}, {@code <name>.diskqueue.meta.dat}, and
 * {@code .bad} for a data file that could not be read.
 */
final class DiskQueueFiles {

    private static final FileAttribute<?>[] OWNER_READ_WRITE =
            {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))};
    private static final FileAttribute<?>[] DEFAULT_PERMISSIONS = {};

    private final Path directory;
    private final String prefix;
    private final Pattern ownFileName;
    private final FileAttribute<?>[] createAttributes;

    DiskQueueFiles(Path directory, String queueName) {
        this.directory = directory;
        this.prefix = queueName + ".diskqueue.";
        // data files, meta file and leftover meta temp files; .bad files are kept as evidence, like nsqd
        this.ownFileName = Pattern.compile(Pattern.quote(prefix) + "(\\d{6,}\\.dat|meta\\.dat(\\.\\d+\\.tmp)?)");
        this.createAttributes = directory.getFileSystem().supportedFileAttributeViews().contains("posix")
                ? OWNER_READ_WRITE
                : DEFAULT_PERMISSIONS;
    }

    Path dataFile(long fileNum) {
        return directory.resolve(prefix + String.format("%06d", fileNum) + ".dat");
    }

    Path badFile(long fileNum) {
        return directory.resolve(dataFile(fileNum).getFileName() + ".bad");
    }

    Path metaFile() {
        return directory.resolve(prefix + "meta.dat");
    }

    Path newMetaTempFile() {
        return directory.resolve(metaFile().getFileName() + "." + ThreadLocalRandom.current().nextLong(Long.MAX_VALUE)
                + ".tmp");
    }

    /** Mode 0600 for files this queue creates, where the file system has POSIX permissions. */
    FileAttribute<?>[] createAttributes() {
        return createAttributes.clone();
    }

    /** Every data, meta and meta temp file of this queue present in the directory, whatever its number. */
    List<Path> listOwnFiles() throws IOException {
        List<Path> own = new ArrayList<>();
        DirectoryStream.Filter<Path> filter = path -> ownFileName.matcher(path.getFileName().toString()).matches();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory, filter)) {
            entries.forEach(own::add);
        } catch (NoSuchFileException gone) {
            return List.of();
        }
        return own;
    }
}
