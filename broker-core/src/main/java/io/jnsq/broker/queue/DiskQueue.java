package io.jnsq.broker.queue;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A topic's or channel's overflow on disk, with go-diskqueue v1.1.0's file formats and behaviour: records
 * are appended to numbered data files that roll before they would exceed {@code maxBytesPerFile}, read
 * in order, and each data file is deleted once every record in it has been acknowledged. Positions and
 * depth live in the meta file, rewritten on every sync.
 *
 * <p>Taking a record does not consume it: the meta file's read position is the <em>committed</em>
 * position, just before the oldest record taken and not yet acknowledged, and its depth counts those
 * records too. After a crash reading resumes there, so a record in flight is read again rather than
 * lost. {@link #poll} takes and acknowledges at once, which is go-diskqueue's behaviour.
 *
 * <p>Thread-safe: every operation runs under one lock and does its I/O synchronously. A put costs one
 * write(2) and a poll at most one read(2) (none while its buffer holds the record) unless a file is
 * opened, finished or a sync is due. A sync (fsync of the write file and a
 * rewrite of the meta file) happens after every {@code syncEvery} puts and polls, every
 * {@code syncTimeout} while there was activity (on the given scheduler), when a file is rolled or
 * finished, after a read error and on close.
 */
public final class DiskQueue implements BackendQueue {

    private static final Logger log = LoggerFactory.getLogger(DiskQueue.class);

    private static final int LENGTH_PREFIX = 4;
    private static final long UNKNOWN = -1;
    /** The most one write(2) carries: bounds the temporary buffer of a large batch. */
    private static final long MAX_WRITE_BYTES = 1 << 20;

    private final DiskQueueConfig config;
    private final DiskQueueFiles files;
    private final Object lock = new Object();
    private final ScheduledFuture<?> periodicSync;

    // all guarded by lock; depth is also read without it
    private volatile long depth;
    private long readFileNum;
    private long readPos;
    private long writeFileNum;
    private long writePos;
    /** Where the read file ends, known once the writer has moved past it. */
    private long readFileEnd = UNKNOWN;
    private DataFileReader reader;
    private DataFileWriter writer;
    /** Records taken and not yet committed past, oldest first. */
    private final ArrayDeque<Outstanding> outstanding = new ArrayDeque<>();
    private long nextToken;
    private long committedFileNum;
    private long committedPos;
    /** Where the record {@link #takeNext} returned last began. */
    private long takenFileNum;
    private long takenPos;
    private long opsSinceSync;
    private boolean needSync;
    private boolean closed;
    /** Whether the last sync failed: failures are logged when they start and when they end. */
    private boolean syncFailing;
    /** Whether the missing read file has been reported. */
    private boolean readFileMissingReported;

    /**
     * Opens the queue, resuming from its meta file when there is one. Only reads: a directory that
     * cannot be written surfaces on {@link #put}, unreadable metadata is logged and the queue starts empty.
     */
    public DiskQueue(DiskQueueConfig config, ScheduledExecutorService scheduler) {
        this.config = config;
        this.files = new DiskQueueFiles(config.dataPath(), config.name());
        synchronized (lock) {
            restore();
        }
        long period = config.syncTimeout().toNanos();
        this.periodicSync = scheduler.scheduleWithFixedDelay(this::syncIfActive, period, period, TimeUnit.NANOSECONDS);
    }

    /**
     * {@inheritDoc}
     *
     * <p>When the sync this put triggers fails, the record has been written and counted but the failure is
     * still thrown: its durability is unknown, and the caller must learn that the disk is in trouble.
     */
    @Override
    public void put(byte[] record) throws IOException {
        putAll(List.of(record));
    }

    /**
     * {@inheritDoc}
     *
     * <p>When the sync this batch triggers fails, the records have been written and counted but the
     * failure is still thrown: their durability is unknown, and the caller must learn that the disk is
     * in trouble.
     */
    @Override
    public void putAll(List<byte[]> records) throws IOException {
        synchronized (lock) {
            if (closed) {
                throw new IOException("exiting");
            }
            // records bound for the current write file go out in one write; a roll splits the batch
            int first = 0;
            long batchBytes = 0;
            for (int i = 0; i < records.size(); i++) {
                int size = records.get(i).length;
                if (size < config.minMsgSize() || size > config.maxMsgSize()) {
                    appendBatch(records.subList(first, i), batchBytes);
                    throw new IOException("invalid message write size (" + size + ") minMsgSize=" + config.minMsgSize()
                            + " maxMsgSize=" + config.maxMsgSize());
                }
                long recordBytes = LENGTH_PREFIX + (long) size;
                boolean full = writePos + batchBytes > 0 && writePos + batchBytes + recordBytes > config.maxBytesPerFile();
                if (full || batchBytes + recordBytes > MAX_WRITE_BYTES) {
                    appendBatch(records.subList(first, i), batchBytes);
                    first = i;
                    batchBytes = 0;
                    if (full) {
                        roll();
                    }
                }
                batchBytes += recordBytes;
            }
            appendBatch(records.subList(first, records.size()), batchBytes);
            openReaderEagerly();
            if (opsSinceSync >= config.syncEvery()) {
                sync();
            }
        }
    }

    private void appendBatch(List<byte[]> batch, long bytes) throws IOException {
        if (batch.isEmpty()) {
            return;
        }
        write(batch, (int) bytes);
        writePos += bytes;
        depth += batch.size();
        opsSinceSync += batch.size();
    }

    @Override
    public Taken take() {
        synchronized (lock) {
            if (closed) {
                return null;
            }
            byte[] record = takeNext();
            Taken taken = null;
            if (record != null) {
                taken = new Taken(record, nextToken);
                outstanding.addLast(new Outstanding(nextToken++, takenFileNum, takenPos));
                // only now may the file be finished: the record just taken keeps it from being deleted
                if (readFileConsumed()) {
                    finishReadFile();
                }
            }
            checkTail();
            openReaderEagerly();
            if (needSync) {
                syncLoggingFailure();
            }
            return taken;
        }
    }

    @Override
    public void acknowledge(long token) {
        synchronized (lock) {
            Outstanding first = outstanding.peekFirst();
            if (closed || first == null || token < first.token || token >= nextToken) {
                return;
            }
            for (Outstanding entry : outstanding) {
                if (entry.token == token) {
                    entry.acknowledged = true;
                    break;
                }
            }
            while (!outstanding.isEmpty() && outstanding.peekFirst().acknowledged) {
                outstanding.removeFirst();
            }
            opsSinceSync++;
            commit();
            if (needSync || opsSinceSync >= config.syncEvery()) {
                syncLoggingFailure();
            }
        }
    }

    @Override
    public long depth() {
        return depth;
    }

    @Override
    public void empty() throws IOException {
        synchronized (lock) {
            if (closed) {
                throw new IOException("exiting");
            }
            log.info("DISKQUEUE({}): emptying", config.name());
            IOException failure = skipToNextFiles();
            try {
                Files.deleteIfExists(files.metaFile());
            } catch (IOException e) {
                failure = firstOf(failure, e);
            }
            // nothing worth syncing until the next put: the meta file is gone on purpose
            opsSinceSync = 0;
            needSync = false;
            if (failure != null) {
                throw failure;
            }
        }
    }

    @Override
    public void close() throws IOException {
        synchronized (lock) {
            if (closed) {
                return;
            }
            log.info("DISKQUEUE({}): closing", config.name());
            closed = true;
            periodicSync.cancel(false);
            try {
                sync();
            } finally {
                closeReader();
                closeWriter();
            }
        }
    }

    @Override
    public void delete() throws IOException {
        synchronized (lock) {
            log.info("DISKQUEUE({}): deleting", config.name());
            closed = true;
            periodicSync.cancel(false);
            closeReader();
            closeWriter();
            IOException failure = null;
            for (Path file : files.listOwnFiles()) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    failure = firstOf(failure, e);
                }
            }
            if (failure != null) {
                throw failure;
            }
        }
    }

    /** The state the meta file would hold now. */
    DiskQueueMeta snapshot() {
        synchronized (lock) {
            return currentMeta();
        }
    }

    private void restore() {
        DiskQueueMeta meta = DiskQueueMeta.EMPTY;
        try {
            meta = DiskQueueMeta.read(files.metaFile()).orElse(DiskQueueMeta.EMPTY);
        } catch (IOException e) {
            log.error("DISKQUEUE({}) failed to read metadata, starting empty - {}", config.name(), e.toString());
        }
        depth = meta.depth();
        readFileNum = meta.readFileNum();
        readPos = meta.readPos();
        writeFileNum = meta.writeFileNum();
        writePos = meta.writePos();
        committedFileNum = readFileNum;
        committedPos = readPos;

        // A write file longer than the metadata says was written after the last sync (crash): appending
        // at writePos would overwrite records the reader may still salvage, so start a new file instead.
        Path current = files.dataFile(writeFileNum);
        try {
            long size = Files.size(current);
            if (size > writePos) {
                log.warn("DISKQUEUE({}) {} metadata writePos {} < file size of {}, skipping to new file",
                        config.name(), current, writePos, size);
                depth += countRecords(current, writePos, size);
                writeFileNum++;
                writePos = 0;
            }
        } catch (NoSuchFileException nothingWritten) {
            // a fresh queue, or one whose write file was never opened
        } catch (IOException e) {
            log.error("DISKQUEUE({}) cannot stat {} - {}", config.name(), current, e.toString());
        }
        checkTail();
        openReaderEagerly();
    }

    /**
     * Records between {@code from} and {@code end} of a file, by their length prefixes: what was written
     * after the last sync, so the depth counts it and readers look for it. A prefix that cannot be a
     * record ends the count; the reader will set that part of the file aside as corrupt.
     */
    private long countRecords(Path file, long from, long end) {
        long count = 0;
        try (DataFileReader salvage = DataFileReader.open(file)) {
            for (long position = from; position + LENGTH_PREFIX <= end; count++) {
                position += LENGTH_PREFIX + salvage.readRecord(position, config.minMsgSize(), config.maxMsgSize()).length;
            }
        } catch (IOException unreadableTail) {
            // counted up to the first record that cannot be read
        }
        return count;
    }

    private void write(List<byte[]> batch, int bytes) throws IOException {
        if (writer == null) {
            Path file = files.dataFile(writeFileNum);
            try {
                writer = DataFileWriter.open(file, writePos, files.createAttributes());
            } catch (IOException e) {
                throw new IOException("failed to open " + file + " - " + e, e);
            }
        }
        try {
            writer.append(batch, bytes);
        } catch (IOException e) {
            abandonWriter();
            throw new IOException("failed to write " + files.dataFile(writeFileNum) + " - " + e, e);
        }
    }

    /** After a failed append: drop what it may have written, and reopen the file on the next put. */
    private void abandonWriter() {
        try {
            writer.truncate(writePos);
        } catch (IOException e) {
            log.error("DISKQUEUE({}) failed to truncate {} to {} - {}", config.name(),
                    files.dataFile(writeFileNum), writePos, e.toString());
        }
        closeWriter();
        if (readFileNum == writeFileNum && reader != null) {
            // its buffer may hold bytes of the failed append, which the next put overwrites; the file
            // itself stays open, readable even if its directory goes away
            reader.discardBuffer();
        }
    }

    private void roll() {
        if (readFileNum == writeFileNum) {
            readFileEnd = writePos;
        }
        writeFileNum++;
        writePos = 0;
        // fsyncs the file being left (still open) and records the new write file
        syncLoggingFailure();
        closeWriter();
    }

    /** The next record, or null; skips finished and unreadable files on the way, never the record's own file. */
    private byte[] takeNext() {
        while (readFileNum < writeFileNum || (readFileNum == writeFileNum && readPos < writePos)) {
            byte[] record;
            try {
                if (readFileNum < writeFileNum && readFileEnd == UNKNOWN) {
                    readFileEnd = openReader().size();
                }
                if (readFileConsumed()) {
                    // the writer rolled after the reader caught up: nothing is left in this file
                    finishReadFile();
                    continue;
                }
                record = openReader().readRecord(readPos, config.minMsgSize(), config.maxMsgSize());
            } catch (NoSuchFileException e) {
                if (!skipMissingFile()) {
                    return null;
                }
                continue;
            } catch (IOException e) {
                handleReadError(e);
                continue;
            }
            takenFileNum = readFileNum;
            takenPos = readPos;
            readPos += LENGTH_PREFIX + record.length;
            depth--;
            return record;
        }
        return null;
    }

    private boolean readFileConsumed() {
        return readFileNum < writeFileNum && readFileEnd != UNKNOWN && readPos >= readFileEnd;
    }

    private DataFileReader openReader() throws IOException {
        if (reader == null) {
            reader = DataFileReader.open(files.dataFile(readFileNum));
            if (readFileMissingReported) {
                log.warn("DISKQUEUE({}) {} is back, reading on", config.name(), files.dataFile(readFileNum));
                readFileMissingReported = false;
            }
        }
        return reader;
    }

    /**
     * Opens the read file as soon as it has something to read, as nsqd does by reading ahead: an open file
     * stays readable when its directory is deleted or unmounted lazily, so what is on disk can still be
     * delivered. A failure here is left for {@link #take} to meet and handle.
     */
    private void openReaderEagerly() {
        if (reader != null || closed || !(readFileNum < writeFileNum || readPos < writePos)) {
            return;
        }
        try {
            openReader();
        } catch (IOException notYet) {
            // take() reports it, as missing or as unreadable
        }
    }

    /**
     * The read file does not exist. That is no corruption: there is nothing to set aside, and its
     * records may come back with it (a directory restored, a disk mounted again), so the queue keeps its
     * position and depth and tries again on the next take. Only when a later data file exists, so the
     * directory is evidently back without this file, are its records given up as lost.
     *
     * @return whether the queue moved on to the next file
     */
    private boolean skipMissingFile() {
        Path missing = files.dataFile(readFileNum);
        boolean laterFileExists = readFileNum < writeFileNum
                && (Files.exists(files.dataFile(readFileNum + 1)) || Files.exists(files.dataFile(writeFileNum)));
        if (!laterFileExists) {
            if (!readFileMissingReported) {
                log.error("DISKQUEUE({}) {} is missing; its records ({} waiting in this queue) are kept until it is back",
                        config.name(), missing, depth);
                readFileMissingReported = true;
            }
            return false;
        }
        log.error("DISKQUEUE({}) {} is missing while later data files exist: its unread records are lost, going on with the next file",
                config.name(), missing);
        readFileMissingReported = false;
        moveToNextReadFile();
        return true;
    }

    private void finishReadFile() {
        if (readPos > readFileEnd) {
            log.warn("DISKQUEUE({}) read position {} beyond the end ({}) of {}", config.name(), readPos,
                    readFileEnd, files.dataFile(readFileNum));
        }
        moveToNextReadFile();
    }

    private void moveToNextReadFile() {
        closeReader();
        readFileNum++;
        readPos = 0;
        readFileEnd = UNKNOWN;
        commit();
        needSync = true;
    }

    /**
     * Moves the committed position to the oldest record still outstanding (or to the read position
     * when none is) and deletes the data files it has left behind.
     */
    private void commit() {
        Outstanding oldest = outstanding.peekFirst();
        long fileNum = oldest == null ? readFileNum : oldest.fileNum;
        long pos = oldest == null ? readPos : oldest.pos;
        for (long finished = committedFileNum; finished < fileNum; finished++) {
            Path file = files.dataFile(finished);
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                log.error("DISKQUEUE({}) failed to remove {} - {}", config.name(), file, e.toString());
            }
        }
        committedFileNum = fileNum;
        committedPos = pos;
    }

    /** Gives up on the read file: nothing after a bad record can be trusted to start a record. */
    private void handleReadError(IOException cause) {
        Path bad = files.dataFile(readFileNum);
        Path renamed = files.badFile(readFileNum);
        log.warn("DISKQUEUE({}) cannot read {} at {} ({}); saving it as {} and jumping to the next file",
                config.name(), bad, readPos, cause.toString(), renamed);
        closeReader();
        if (readFileNum == writeFileNum) {
            // the file being written is the bad one: continue writing in a fresh file
            closeWriter();
            writeFileNum++;
            writePos = 0;
        }
        try {
            Files.move(bad, renamed, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            log.error("DISKQUEUE({}) failed to rename bad file {} to {} - {}", config.name(), bad, renamed,
                    e.toString());
        }
        readFileNum++;
        readPos = 0;
        readFileEnd = UNKNOWN;
        commit();
        needSync = true;
    }

    /**
     * When the reader has caught up with the writer the depth must be 0; if it is not (records lost to
     * corruption, or stale metadata after a crash) it is reset, and positions that disagree start over.
     */
    private void checkTail() {
        boolean atTail = readFileNum > writeFileNum || (readFileNum == writeFileNum && readPos >= writePos);
        if (!atTail) {
            return;
        }
        long staleDepth = depth;
        if (staleDepth != 0) {
            log.error("DISKQUEUE({}) {} depth at tail ({}), {}, resetting 0...", config.name(),
                    staleDepth < 0 ? "negative" : "positive", staleDepth,
                    staleDepth < 0 ? "metadata corruption" : "data loss");
            depth = 0;
            needSync = true;
        }
        if (readFileNum != writeFileNum || readPos != writePos) {
            log.error("DISKQUEUE({}) read position {},{} past write position {},{}, corruption, skipping to a new file",
                    config.name(), readFileNum, readPos, writeFileNum, writePos);
            IOException failure = skipToNextFiles();
            if (failure != null) {
                log.error("DISKQUEUE({}) failed to remove data files - {}", config.name(), failure.toString());
            }
            needSync = true;
        }
    }

    /** Deletes the data files from read to write file and restarts, empty, at a new file number. */
    private IOException skipToNextFiles() {
        closeReader();
        closeWriter();
        IOException failure = null;
        for (long fileNum = Math.min(committedFileNum, readFileNum); fileNum <= writeFileNum; fileNum++) {
            try {
                Files.deleteIfExists(files.dataFile(fileNum));
            } catch (IOException e) {
                failure = firstOf(failure, e);
            }
        }
        writeFileNum = Math.max(readFileNum, writeFileNum) + 1;
        writePos = 0;
        readFileNum = writeFileNum;
        readPos = 0;
        readFileEnd = UNKNOWN;
        depth = 0;
        outstanding.clear();
        committedFileNum = readFileNum;
        committedPos = 0;
        return failure;
    }

    private void sync() throws IOException {
        opsSinceSync = 0;
        if (writer != null) {
            try {
                writer.force();
            } catch (IOException e) {
                closeWriter();
                throw new IOException("failed to sync " + files.dataFile(writeFileNum) + " - " + e, e);
            }
        }
        currentMeta().writeAtomically(files);
        needSync = false;
    }

    /** Syncs, logging a failure when syncs start failing and a line when they succeed again. */
    private void syncLoggingFailure() {
        try {
            sync();
            if (syncFailing) {
                syncFailing = false;
                log.warn("DISKQUEUE({}) syncs succeed again", config.name());
            }
        } catch (IOException e) {
            if (!syncFailing) {
                syncFailing = true;
                log.error("DISKQUEUE({}) failed to sync (logged again only once syncs succeed) - {}", config.name(), e.toString());
            }
        }
    }

    private void syncIfActive() {
        try {
            synchronized (lock) {
                if (!closed && (opsSinceSync > 0 || needSync)) {
                    syncLoggingFailure();
                }
            }
        } catch (RuntimeException e) {
            // an exception would silently cancel the periodic task
            log.error("DISKQUEUE({}) periodic sync failed", config.name(), e);
        }
    }

    private DiskQueueMeta currentMeta() {
        return new DiskQueueMeta(depth + outstanding.size(), committedFileNum, committedPos, writeFileNum, writePos);
    }

    private void closeReader() {
        if (reader != null) {
            try {
                reader.close();
            } catch (IOException e) {
                log.warn("DISKQUEUE({}) failed to close its read file - {}", config.name(), e.toString());
            }
            reader = null;
        }
    }

    private void closeWriter() {
        if (writer != null) {
            try {
                writer.close();
            } catch (IOException e) {
                log.warn("DISKQUEUE({}) failed to close its write file - {}", config.name(), e.toString());
            }
            writer = null;
        }
    }

    private static IOException firstOf(IOException first, IOException next) {
        if (first == null) {
            return next;
        }
        first.addSuppressed(next);
        return first;
    }

    /** A record taken and not yet committed past. */
    private static final class Outstanding {
        final long token;
        final long fileNum;
        final long pos;
        boolean acknowledged;

        Outstanding(long token, long fileNum, long pos) {
            this.token = token;
            this.fileNum = fileNum;
            this.pos = pos;
        }
    }
}
