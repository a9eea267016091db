package io.jnsq.broker.queue;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Makes a directory refuse new files until closed. Read-only permission bits do that for ordinary
 * users; root ignores them, so when a probe file can still be created the directory is moved away
 * instead (files already open keep working, exactly like with a read-only directory).
 */
public final class BlockedDirectory implements AutoCloseable {

    private static final Set<PosixFilePermission> READ_ONLY = PosixFilePermissions.fromString("r-x------");

    private final Path directory;
    private final Set<PosixFilePermission> permissions;
    private final Path movedTo;

    private BlockedDirectory(Path directory, Set<PosixFilePermission> permissions, Path movedTo) {
        this.directory = directory;
        this.permissions = permissions;
        this.movedTo = movedTo;
    }

    public static BlockedDirectory block(Path directory) throws IOException {
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(directory);
        Files.setPosixFilePermissions(directory, READ_ONLY);
        Path probe = directory.resolve("probe");
        try {
            Files.createFile(probe);
        } catch (AccessDeniedException refused) {
            return new BlockedDirectory(directory, permissions, null);
        }
        Files.delete(probe);
        Files.setPosixFilePermissions(directory, permissions);
        Path away = directory.resolveSibling(directory.getFileName() + ".away");
        Files.move(directory, away);
        return new BlockedDirectory(directory, permissions, away);
    }

    @Override
    public void close() throws IOException {
        if (movedTo != null) {
            Files.move(movedTo, directory);
        } else {
            Files.setPosixFilePermissions(directory, permissions);
        }
    }
}
