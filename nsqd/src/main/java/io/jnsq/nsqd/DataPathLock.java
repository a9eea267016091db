package io.jnsq.nsqd;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps a second nsqd off the same data path. nsqd flocks the directory itself; Java can only lock a
 * file, so the lock is held on {@value #FILE_NAME} inside it. The file is left in place on release:
 * deleting it would let two processes hold locks on different files of the same name.
 */
final class DataPathLock implements AutoCloseable {

    static final String FILE_NAME = "nsqd.lock";

    /** What flock(2) reports for a lock someone else holds, as nsqd shows it. */
    private static final String HELD_ELSEWHERE = "resource temporarily unavailable";

    /**
     * Data paths locked by this JVM. Checked before the file is even opened, because on Linux closing any
     * channel to a locked file drops every lock the process holds on it, the first holder's included.
     */
    private static final Set<Path> HELD_BY_THIS_JVM = ConcurrentHashMap.newKeySet();

    private final Path key;
    /** Holds the lock for as long as it is open. */
    private final FileChannel channel;

    private DataPathLock(Path key, FileChannel channel) {
        this.key = key;
        this.channel = channel;
    }

    /** Creates {@code directory} if missing and locks it, failing with nsqd's message when it is taken. */
    static DataPathLock acquire(Path directory) throws StartupException {
        Path key;
        try {
            Files.createDirectories(directory);
            key = directory.toRealPath();
        } catch (IOException e) {
            throw failure(directory, e.toString(), e);
        }
        if (!HELD_BY_THIS_JVM.add(key)) {
            throw failure(directory, HELD_ELSEWHERE, null);
        }
        try {
            FileChannel channel = FileChannel.open(key.resolve(FILE_NAME), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            if (lockOrClose(channel) == null) {
                throw failure(directory, HELD_ELSEWHERE, null);
            }
            return new DataPathLock(key, channel);
        } catch (IOException e) {
            HELD_BY_THIS_JVM.remove(key);
            throw failure(directory, e.toString(), e);
        } catch (StartupException e) {
            HELD_BY_THIS_JVM.remove(key);
            throw e;
        }
    }

    /** The lock, or {@code null} (with the channel closed) when another process holds it. */
    private static FileLock lockOrClose(FileChannel channel) throws IOException {
        try {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
            }
            return lock;
        } catch (IOException e) {
            channel.close();
            throw e;
        }
    }

    private static StartupException failure(Path directory, String reason, Throwable cause) {
        return new StartupException("failed to lock data-path: cannot flock directory " + directory + " - " + reason
                + " (possibly in use by another instance of nsqd)", cause);
    }

    @Override
    public void close() throws IOException {
        try {
            channel.close(); // releases the lock
        } finally {
            HELD_BY_THIS_JVM.remove(key);
        }
    }
}
