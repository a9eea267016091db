package io.jnsq.broker.queue;

import io.jnsq.broker.queue.QueueWorker.Lifecycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A topic's or channel's overflow on disk, with go-diskqueue v1.1.0's file formats and behaviour: records
 * are appended to numbered data files that roll before they would exceed {@code maxBytesPerFile}, read
 * in order, and each data file is deleted once every record in it has been acknowledged. Positions and
 * depth live in the meta file, rewritten on every sync.
 *
 * <p>Taking a record does not consume it: the meta file's read position is the <em>committed</em>
 * position, just before the oldest record taken (or read ahead) and not yet acknowledged, and its depth
 * counts those records too. After a crash reading resumes there, so a record in flight is read again
 * rather than lost.
 *
 * <p><b>Threads.</b> Callers never wait for the disk. Every write, read, sync, rename and delete runs on
 * the queue's <em>worker</em>: one task at a time on the shared I/O executor, started when there is
 * work. Callers meet only a small lock over in-memory state, never held during I/O:
 * <ul>
 *   <li>{@link #append} queues the batch and returns a future. The worker writes every batch queued
 *       since its last round (one write(2) each), then syncs once if the sync policy asks for it, then
 *       completes their futures: a group commit across callers. A data sync is due after
 *       {@code syncEvery} writes and acknowledgements, every {@code syncTimeout} while there was
 *       activity, when a file is rolled or finished, after a read error and on close; the meta file is
 *       rewritten with it, but under load at most every 100 ms (see {@link #sync}).</li>
 *   <li>{@link #take} hands out records the worker has read ahead (up to {@value #READ_AHEAD_RECORDS} or
 *       {@value #READ_AHEAD_BYTES} bytes), once anyone takes from the queue at all; records written
 *       while the reader is at the tail go there without being read back.</li>
 *   <li>{@link #acknowledge} marks a ring slot in O(1); the committed position moves at the next sync,
 *       which also deletes the data files left behind, after the meta file no longer points into them.</li>
 * </ul>
 */
public final class DiskQueue implements BackendQueue {

    private static final Logger log = LoggerFactory.getLogger(DiskQueue.class);

    private static final int LENGTH_PREFIX = 4;
    private static final long UNKNOWN = -1;
    /** The most one write(2) carries: bounds the temporary buffer of a large batch. */
    private static final long MAX_WRITE_BYTES = 1 << 20;
    /** Read ahead this far: a fast consumer never waits for a read, and a queue holds little in memory. */
    private static final int READ_AHEAD_RECORDS = 1024;
    private static final long READ_AHEAD_BYTES = 1 << 20;
    /** Under load, the meta file is rewritten at most this often; the data file is synced as policy asks. */
    private static final long META_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final DiskQueueConfig config;
    private final DiskQueueFiles files;
    private final ScheduledExecutorService scheduler;
    private final QueueWorker worker;

    // ---- shared with callers: guarded by lock, which is never held during I/O ----
    private final Object lock = new Object();
    /** Records appended and not yet taken: queued for writing, on disk, or read ahead. Read without the lock. */
    private volatile long depth;
    private ArrayDeque<PendingAppend> pending = new ArrayDeque<>();
    private long pendingRecords;
    private final ArrayDeque<ReadRecord> readAhead = new ArrayDeque<>();
    private long readAheadBytes;
    /** Records on disk that the worker has not read ahead yet. */
    private long unread;
    private final OutstandingRing outstanding = new OutstandingRing();
    private long acknowledgedSinceSync;
    /** The file the worker reads next, and the first one not yet deleted: an acknowledgement that moves the committed position past it calls for a sync, which deletes the files left. */
    private long cursorFileNum;
    private long committedFileNumShared;
    private boolean fileFinished;
    private boolean metaWriteScheduled;
    /** The worker, while it waits for a round's callers to come back (see gatherBeforeSyncingRound). */
    private Thread gathering;
    /** A take found nothing ready: the listener is owed a call once something is. */
    private boolean readableWanted;
    /**
     * Someone takes from this queue: only then is anything read ahead, so a queue nobody consumes (a
     * channel without consumers, a topic without channels) keeps its records on disk, not in the heap.
     */
    private boolean readDemand;
    /** A take found nothing ready: the worker should try reading even after a read found a file missing. */
    private boolean readRetryWanted;
    /** Bumped by {@link #empty}: what the worker read or wrote before it no longer counts. */
    private long epoch;
    private Runnable readableListener = () -> { };

    // ---- owned by the worker ----
    /** Where the worker reads next (the read-ahead cursor). */
    private long readFileNum;
    private long readPos;
    private long writeFileNum;
    private long writePos;
    /** Where the read file ends, known once the writer has moved past it. */
    private long readFileEnd = UNKNOWN;
    private DataFileReader reader;
    private DataFileWriter writer;
    /** Data files before this one have been deleted. */
    private long committedFileNum;
    private long opsSinceSync;
    /** The first sync writes the meta file. */
    private long lastMetaWriteNanos = System.nanoTime() - META_INTERVAL_NANOS;
    /** How many records a round of group commit waits for: about as many as recent rounds had. Guarded by lock. */
    private long gatherTarget;
    private long lastSyncNanos;
    private long lastSyncEndNanos;
    private boolean needSync;
    /** Whether the last sync failed: failures are logged when they start and when they end. */
    private boolean syncFailing;
    /** Whether the missing read file has been reported. */
    private boolean readFileMissingReported;
    /** The read file is missing: read again only when a take asks. */
    private boolean readStalled;

    /**
     * Opens the queue; its worker reads the meta file back first (see {@link #opened}). A directory that
     * cannot be written surfaces on {@link #append}; unreadable metadata is logged and the queue starts empty.
     *
     * @param scheduler runs the periodic sync check (no I/O)
     * @param io        runs the queue's worker; shared by many queues, each running one task at a time
     */
    public DiskQueue(DiskQueueConfig config, ScheduledExecutorService scheduler, Executor io) {
        this.config = config;
        this.files = new DiskQueueFiles(config.dataPath(), config.name());
        this.scheduler = scheduler;
        this.worker = new QueueWorker(lock, io, scheduler, config.syncTimeout(), this::restore, this::runRound, log,
                "DISKQUEUE(" + config.name() + ")");
        synchronized (lock) {
            worker.scheduleLocked();
        }
    }

    @Override
    public CompletableFuture<Void> opened() {
        return worker.opened();
    }

    /**
     * {@inheritDoc}
     *
     * <p>When the sync covering the batch fails, its records have been written and counted but the future
     * still fails: their durability is unknown, and the caller must learn that the disk is in trouble.
     */
    @Override
    public CompletableFuture<Void> append(List<byte[]> records) {
        CompletableFuture<Void> written = new CompletableFuture<>();
        Thread gatherer = null;
        synchronized (lock) {
            if (!worker.openLocked()) {
                return CompletableFuture.failedFuture(new IOException("exiting"));
            }
            pending.addLast(new PendingAppend(records, written));
            pendingRecords += records.size();
            depth += records.size();
            worker.activityLocked();
            worker.scheduleLocked();
            if (gathering != null && pendingRecords >= gatherTarget) {
                gatherer = gathering;
                gathering = null;
            }
        }
        if (gatherer != null) {
            LockSupport.unpark(gatherer);
        }
        return written;
    }

    @Override
    public Taken take() {
        synchronized (lock) {
            if (!worker.openLocked()) {
                return null;
            }
            readDemand = true;
            ReadRecord next = readAhead.pollFirst();
            if (next == null) {
                if (depth > 0) {
                    readableWanted = true;
                    readRetryWanted = true;
                    worker.scheduleLocked();
                }
                return null;
            }
            readAheadBytes -= next.record.length;
            depth--;
            long token = outstanding.add(next.fileNum, next.pos);
            if (unread > 0 && readAheadLowLocked()) {
                worker.scheduleLocked();
            }
            return new Taken(next.record, token);
        }
    }

    @Override
    public void acknowledge(long token) {
        synchronized (lock) {
            if (!worker.openLocked() || !outstanding.contains(token)) {
                return;
            }
            boolean headMoved = outstanding.acknowledge(token);
            acknowledgedSinceSync++;
            worker.activityLocked();
            if (headMoved && committedFileNumLocked() > committedFileNumShared) {
                fileFinished = true;
            }
            if (fileFinished || acknowledgedSinceSync >= config.syncEvery()) {
                worker.scheduleLocked();
            }
        }
    }

    @Override
    public void whenReadable(Runnable listener) {
        synchronized (lock) {
            readableListener = listener;
        }
    }

    @Override
    public long depth() {
        return depth;
    }

    @Override
    public CompletableFuture<Void> empty() {
        synchronized (lock) {
            if (!worker.openLocked()) {
                return CompletableFuture.failedFuture(new IOException("exiting"));
            }
            log.info("DISKQUEUE({}): emptying", config.name());
            epoch++;
            readAhead.clear();
            readAheadBytes = 0;
            unread = 0;
            outstanding.clear();
            depth = pendingRecords;
            return worker.requestEmptyLocked();
        }
    }

    @Override
    public void close() throws IOException {
        synchronized (lock) {
            if (worker.closeLocked()) {
                log.info("DISKQUEUE({}): closing", config.name());
            }
        }
        worker.awaitFinished();
    }

    @Override
    public CompletableFuture<Void> delete() {
        List<PendingAppend> refused;
        synchronized (lock) {
            if (!worker.deleteLocked()) {
                return worker.finished();
            }
            log.info("DISKQUEUE({}): deleting", config.name());
            refused = new ArrayList<>(pending);
            pending.clear();
            pendingRecords = 0;
            readAhead.clear();
            outstanding.clear();
        }
        refused.forEach(append -> append.future.completeExceptionally(new IOException("exiting")));
        return worker.finished();
    }

    /** Whether the worker has nothing to do: what callers asked for is done (tests wait for it). */
    boolean idle() {
        synchronized (lock) {
            return !worker.scheduledLocked();
        }
    }

    /** The state the meta file would hold now; only meaningful while the worker is idle (tests). */
    DiskQueueMeta snapshot() {
        synchronized (lock) {
            return currentMetaLocked();
        }
    }

    // ---- the worker ----------------------------------------------------------------------------

    /** One round of work: what callers asked for since the last. @return whether to look for more */
    private boolean runRound() {
        gatherBeforeSyncingRound();
        Lifecycle state;
        CompletableFuture<Void> emptying;
        ArrayDeque<PendingAppend> batches;
        long roundEpoch;
        boolean periodic;
        boolean refill;
        synchronized (lock) {
            state = worker.lifecycleLocked();
            refill = wantsRefillLocked();
            boolean idle = !worker.requestedLocked() && pending.isEmpty() && acknowledgedSinceSync == 0 && !refill
                    && !fileFinished;
            if (idle) {
                worker.idleLocked();
                return false;
            }
            emptying = worker.takeEmptyRequestLocked();
            batches = pending;
            pending = new ArrayDeque<>();
            if (pendingRecords > 0) {
                // the callers of the largest recent round are likely all still there, not just the last round's
                gatherTarget = Math.max(pendingRecords, gatherTarget - gatherTarget / 8);
            }
            pendingRecords = 0;
            opsSinceSync += acknowledgedSinceSync;
            acknowledgedSinceSync = 0;
            periodic = worker.takeSyncRequestLocked();
            if (fileFinished) {
                fileFinished = false;
                needSync = true;
            }
            roundEpoch = epoch;
            readRetryWanted = false;
        }
        if (state == Lifecycle.DELETING) {
            deleteAll(batches);
            return false;
        }
        if (emptying != null) {
            completeEmpty(emptying);
        }
        List<BatchOutcome> outcomes = writeAll(batches, roundEpoch);
        IOException syncFailure = null;
        if (opsSinceSync >= config.syncEvery() || needSync || state == Lifecycle.CLOSING || periodic) {
            boolean metaDue = needSync || state == Lifecycle.CLOSING || periodic
                    || System.nanoTime() - lastMetaWriteNanos >= META_INTERVAL_NANOS;
            syncFailure = syncLoggingFailure(metaDue);
            if (!metaDue) {
                writeMetaLater();
            }
        }
        for (BatchOutcome outcome : outcomes) {
            IOException failure = outcome.failure != null ? outcome.failure : syncFailure;
            if (failure == null) {
                outcome.future.complete(null);
            } else {
                outcome.future.completeExceptionally(failure);
            }
        }
        if (refill || wantsRefill()) {
            readAhead(roundEpoch);
        }
        openReaderEagerly();
        if (state == Lifecycle.CLOSING) {
            closeReader();
            closeWriter();
            worker.finish(syncFailure);
            return false;
        }
        return true;
    }

    private long committedFileNumLocked() {
        if (!outstanding.isEmpty()) {
            return outstanding.oldestFileNum();
        }
        return readAhead.isEmpty() ? cursorFileNum : readAhead.peekFirst().fileNum;
    }

    private boolean wantsRefill() {
        synchronized (lock) {
            return wantsRefillLocked();
        }
    }

    private boolean wantsRefillLocked() {
        return readDemand && unread > 0 && readAheadLowLocked() && (!readStalled || readRetryWanted);
    }

    private boolean readAheadLowLocked() {
        return readAhead.size() < READ_AHEAD_RECORDS / 2 && readAheadBytes < READ_AHEAD_BYTES / 2;
    }

    /**
     * Group commit's gathering. With a sync per round, the callers the last rounds answered are about to
     * send their next records; a round started with the first of them alone would make the others wait
     * one more sync. So while fewer records are queued than recent rounds had, the worker waits for the
     * rest, up to as long as the last sync took: a sync saved for at most a sync's worth of latency (the
     * journal of Artemis sizes its buffer timeout from the measured sync time in the same spirit). A
     * lone caller never waits.
     */
    private void gatherBeforeSyncingRound() {
        if (config.syncEvery() != 1 || gatherTarget < 2) {
            return;
        }
        long deadline = lastSyncEndNanos + lastSyncNanos;
        try {
            for (long left; (left = deadline - System.nanoTime()) > 0; ) {
                synchronized (lock) {
                    if (pendingRecords >= gatherTarget || !worker.openLocked()) {
                        return;
                    }
                    gathering = Thread.currentThread();
                }
                LockSupport.parkNanos(this, left); // append() wakes it as soon as enough are queued
            }
        } finally {
            synchronized (lock) {
                gathering = null;
            }
        }
    }



    // ---- writing -------------------------------------------------------------------------------

    /**
     * Writes the batches in order as one stream of records, so a round costs one write(2) per file and
     * megabyte rather than one per caller. A batch whose record has an invalid size fails from that
     * record on; a write that fails fails every batch from the first record it did not store. Each chunk
     * is accounted for as soon as it is written, so a sync in the middle (a roll) writes a meta file that
     * counts it.
     */
    private List<BatchOutcome> writeAll(ArrayDeque<PendingAppend> batches, long roundEpoch) {
        List<byte[]> stream = new ArrayList<>();
        int[] validCounts = new int[batches.size()];
        IOException[] invalid = new IOException[batches.size()];
        int index = 0;
        for (PendingAppend batch : batches) {
            int valid = 0;
            for (byte[] record : batch.records) {
                if (record.length < config.minMsgSize() || record.length > config.maxMsgSize()) {
                    invalid[index] = new IOException("invalid message write size (" + record.length + ") minMsgSize="
                            + config.minMsgSize() + " maxMsgSize=" + config.maxMsgSize());
                    break;
                }
                stream.add(record);
                valid++;
            }
            validCounts[index++] = valid;
        }
        int written;
        IOException writeFailure = null;
        try {
            written = writeRecords(stream, roundEpoch);
        } catch (BatchFailure e) {
            written = e.written;
            writeFailure = e.cause;
        }
        opsSinceSync += written;
        List<BatchOutcome> outcomes = new ArrayList<>(batches.size());
        long lost = 0;
        int offset = 0;
        index = 0;
        for (PendingAppend batch : batches) {
            int valid = validCounts[index];
            int stored = Math.max(0, Math.min(valid, written - offset));
            IOException failure = stored < valid ? writeFailure : invalid[index];
            lost += batch.records.size() - stored;
            outcomes.add(new BatchOutcome(batch.future, failure));
            offset += valid;
            index++;
        }
        if (lost > 0) {
            synchronized (lock) {
                if (epoch == roundEpoch) {
                    depth -= lost;
                }
            }
        }
        notifyIfReadable();
        return outcomes;
    }

    /** @return records written; throws {@link BatchFailure} carrying that count when one cannot be */
    private int writeRecords(List<byte[]> records, long roundEpoch) throws BatchFailure {
        int first = 0;
        long chunkBytes = 0;
        for (int i = 0; i < records.size(); i++) {
            long recordBytes = LENGTH_PREFIX + (long) records.get(i).length;
            boolean full = writePos + chunkBytes > 0 && writePos + chunkBytes + recordBytes > config.maxBytesPerFile();
            if (full || chunkBytes + recordBytes > MAX_WRITE_BYTES) {
                appendChunk(records, first, i, chunkBytes, roundEpoch);
                first = i;
                chunkBytes = 0;
                if (full) {
                    roll();
                }
            }
            chunkBytes += recordBytes;
        }
        appendChunk(records, first, records.size(), chunkBytes, roundEpoch);
        return records.size();
    }

    /**
     * Writes records[from, to) in one write. While the reader is at the tail and the read-ahead has
     * room, they go straight to it instead of being read back; otherwise they count as unread.
     */
    private void appendChunk(List<byte[]> records, int from, int to, long bytes, long roundEpoch) throws BatchFailure {
        if (from == to) {
            return;
        }
        List<byte[]> chunk = records.subList(from, to);
        try {
            write(chunk, (int) bytes);
        } catch (IOException e) {
            throw new BatchFailure(from, e);
        }
        boolean readerAtTail = readFileNum == writeFileNum && readPos == writePos;
        synchronized (lock) {
            if (epoch == roundEpoch) {
                if (readDemand && readerAtTail && readAhead.size() + chunk.size() <= READ_AHEAD_RECORDS
                        && readAheadBytes < READ_AHEAD_BYTES) {
                    long pos = writePos;
                    for (byte[] record : chunk) {
                        readAhead.addLast(new ReadRecord(record, writeFileNum, pos));
                        readAheadBytes += record.length;
                        pos += LENGTH_PREFIX + record.length;
                    }
                    readPos = pos;
                } else {
                    unread += chunk.size();
                }
            }
            writePos += bytes;
            cursorFileNum = readFileNum;
        }
    }

    private void write(List<byte[]> chunk, int bytes) throws IOException {
        if (writer == null) {
            Path file = files.dataFile(writeFileNum);
            try {
                writer = DataFileWriter.open(file, writePos, files.createAttributes());
            } catch (IOException e) {
                throw new IOException("failed to open " + file + " - " + e, e);
            }
        }
        try {
            writer.append(chunk, bytes);
        } catch (IOException e) {
            abandonWriter();
            throw new IOException("failed to write " + files.dataFile(writeFileNum) + " - " + e, e);
        }
    }

    /** After a failed append: drop what it may have written, and reopen the file on the next write. */
    private void abandonWriter() {
        try {
            writer.truncate(writePos);
        } catch (IOException e) {
            log.error("DISKQUEUE({}) failed to truncate {} to {} - {}", config.name(),
                    files.dataFile(writeFileNum), writePos, e.toString());
        }
        closeWriter();
        if (readFileNum == writeFileNum && reader != null) {
            // its buffer may hold bytes of the failed append, which the next write overwrites; the file
            // itself stays open, readable even if its directory goes away
            reader.discardBuffer();
        }
    }

    private void roll() {
        boolean readerAtTail = readFileNum == writeFileNum && readPos == writePos;
        if (readFileNum == writeFileNum) {
            readFileEnd = writePos;
        }
        writeFileNum++;
        writePos = 0;
        if (readerAtTail) {
            // nothing left to read in the file being left: follow the writer, so new records can be read ahead as written
            moveToNextReadFile();
        }
        // fsyncs the file being left (still open) and records the new write file
        syncLoggingFailure(true);
        closeWriter();
    }

    // ---- reading ahead -------------------------------------------------------------------------

    private void readAhead(long roundEpoch) {
        int room;
        long roomBytes;
        synchronized (lock) {
            room = READ_AHEAD_RECORDS - readAhead.size();
            roomBytes = READ_AHEAD_BYTES - readAheadBytes;
        }
        List<ReadRecord> read = new ArrayList<>();
        long bytes = 0;
        while (read.size() < room && bytes < roomBytes) {
            ReadRecord record = readNext();
            if (record == null) {
                break;
            }
            read.add(record);
            bytes += record.record.length;
        }
        synchronized (lock) {
            if (epoch == roundEpoch) {
                unread -= read.size();
                addReadAheadLocked(read);
            }
            cursorFileNum = readFileNum;
        }
        checkTail();
        notifyIfReadable();
        if (needSync) {
            syncLoggingFailure(true);
        }
    }

    private void addReadAheadLocked(List<ReadRecord> records) {
        for (ReadRecord record : records) {
            readAhead.addLast(record);
            readAheadBytes += record.record.length;
        }
    }

    private void notifyIfReadable() {
        Runnable listener = null;
        synchronized (lock) {
            if (readableWanted && !readAhead.isEmpty()) {
                readableWanted = false;
                listener = readableListener;
            }
        }
        if (listener != null) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                log.error("DISKQUEUE({}) readable listener failed", config.name(), e);
            }
        }
    }

    /** The next record, or null; skips finished and unreadable files on the way. */
    private ReadRecord readNext() {
        readStalled = false;
        while (readFileNum < writeFileNum || (readFileNum == writeFileNum && readPos < writePos)) {
            byte[] record;
            try {
                if (readFileNum < writeFileNum && readFileEnd == UNKNOWN) {
                    readFileEnd = openReader().size();
                }
                if (readFileConsumed()) {
                    finishReadFile();
                    continue;
                }
                record = openReader().readRecord(readPos, config.minMsgSize(), config.maxMsgSize());
            } catch (NoSuchFileException e) {
                if (!skipMissingFile()) {
                    readStalled = true;
                    return null;
                }
                continue;
            } catch (IOException e) {
                handleReadError(e);
                continue;
            }
            ReadRecord read = new ReadRecord(record, readFileNum, readPos);
            readPos += LENGTH_PREFIX + record.length;
            return read;
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
     * delivered. A failure here is left for the next read to meet and handle.
     */
    private void openReaderEagerly() {
        if (reader != null || !(readFileNum < writeFileNum || readPos < writePos)) {
            return;
        }
        try {
            openReader();
        } catch (IOException notYet) {
            // the next read reports it, as missing or as unreadable
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
        needSync = true;
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
        needSync = true;
    }

    /**
     * When the reader has caught up with the writer nothing can be unread; if something is (records lost
     * to corruption, or stale metadata after a crash) the count is reset, and positions that disagree
     * start over.
     */
    private void checkTail() {
        boolean atTail = readFileNum > writeFileNum || (readFileNum == writeFileNum && readPos >= writePos);
        if (!atTail) {
            return;
        }
        boolean positionsDisagree = readFileNum != writeFileNum || readPos != writePos;
        synchronized (lock) {
            if (unread != 0) {
                log.error("DISKQUEUE({}) {} depth at tail ({}), {}, resetting 0...", config.name(),
                        unread < 0 ? "negative" : "positive", unread,
                        unread < 0 ? "metadata corruption" : "data loss");
                depth -= unread;
                unread = 0;
                needSync = true;
            }
            if (positionsDisagree) {
                readAhead.clear();
                readAheadBytes = 0;
                outstanding.clear();
                depth = pendingRecords;
            }
        }
        if (positionsDisagree) {
            log.error("DISKQUEUE({}) read position {},{} past write position {},{}, corruption, skipping to a new file",
                    config.name(), readFileNum, readPos, writeFileNum, writePos);
            IOException failure = skipToNextFiles();
            if (failure != null) {
                log.error("DISKQUEUE({}) failed to remove data files - {}", config.name(), failure.toString());
            }
            needSync = true;
        }
    }

    // ---- restoring, emptying, deleting ---------------------------------------------------------

    private void restore() {
        DiskQueueMeta meta = DiskQueueMeta.EMPTY;
        try {
            meta = DiskQueueMeta.read(files.metaFile()).orElse(DiskQueueMeta.EMPTY);
        } catch (IOException e) {
            log.error("DISKQUEUE({}) failed to read metadata, starting empty - {}", config.name(), e.toString());
        }
        long restoredDepth = meta.depth();
        readFileNum = meta.readFileNum();
        readPos = meta.readPos();
        writeFileNum = meta.writeFileNum();
        writePos = meta.writePos();
        committedFileNum = readFileNum;

        // A write file longer than the metadata says was written after the last sync (crash): appending
        // at writePos would overwrite records the reader may still salvage, so start a new file instead.
        Path current = files.dataFile(writeFileNum);
        try {
            long size = Files.size(current);
            if (size > writePos) {
                log.warn("DISKQUEUE({}) {} metadata writePos {} < file size of {}, skipping to new file",
                        config.name(), current, writePos, size);
                restoredDepth += countRecords(current, writePos, size);
                writeFileNum++;
                writePos = 0;
            }
        } catch (NoSuchFileException nothingWritten) {
            // a fresh queue, or one whose write file was never opened
        } catch (IOException e) {
            log.error("DISKQUEUE({}) cannot stat {} - {}", config.name(), current, e.toString());
        }
        synchronized (lock) {
            depth += restoredDepth;
            unread = restoredDepth;
            cursorFileNum = readFileNum;
            committedFileNumShared = committedFileNum;
        }
        checkTail();
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

    private void completeEmpty(CompletableFuture<Void> emptying) {
        IOException failure = skipToNextFiles();
        try {
            Files.deleteIfExists(files.metaFile());
        } catch (IOException e) {
            failure = firstOf(failure, e);
        }
        // nothing worth syncing until the next write: the meta file is gone on purpose
        opsSinceSync = 0;
        needSync = false;
        if (failure != null) {
            emptying.completeExceptionally(failure);
        } else {
            emptying.complete(null);
        }
    }

    /** Deletes the data files from committed to write file and restarts, empty, at a new file number. */
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
        committedFileNum = readFileNum;
        synchronized (lock) {
            cursorFileNum = readFileNum;
            committedFileNumShared = committedFileNum;
        }
        return failure;
    }

    private void deleteAll(ArrayDeque<PendingAppend> refused) {
        refused.forEach(append -> append.future.completeExceptionally(new IOException("exiting")));
        closeReader();
        closeWriter();
        IOException failure = null;
        try {
            for (Path file : files.listOwnFiles()) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    failure = firstOf(failure, e);
                }
            }
        } catch (IOException e) {
            failure = firstOf(failure, e);
        }
        worker.finish(failure);
    }

    // ---- syncing -------------------------------------------------------------------------------

    /**
     * fsyncs the write file, then (when {@code withMeta}) writes the meta file (committed position, depth,
     * write position), then deletes the data files the committed position has left: the meta file never
     * points into a file that is gone, nor past data that is not on disk.
     *
     * <p>In durable mode a group commit needs only the data fsync: records past the meta file's write
     * position are counted back when the queue is opened after a crash (see {@link #restore}), so the meta
     * file is rewritten at most every {@link #META_INTERVAL_NANOS} under load (and on every roll, finished
     * file, periodic sync and close). What a crash can cost is the acknowledgements of that interval: those
     * records are delivered again, never lost.
     */
    private void sync(boolean withMeta) throws IOException {
        opsSinceSync = 0;
        if (writer != null) {
            long start = System.nanoTime();
            try {
                writer.force();
            } catch (IOException e) {
                closeWriter();
                throw new IOException("failed to sync " + files.dataFile(writeFileNum) + " - " + e, e);
            }
            lastSyncEndNanos = System.nanoTime();
            lastSyncNanos = lastSyncEndNanos - start;
        }
        if (!withMeta) {
            return;
        }
        DiskQueueMeta meta;
        synchronized (lock) {
            cursorFileNum = readFileNum;
            meta = currentMetaLocked();
        }
        meta.writeAtomically(files);
        lastMetaWriteNanos = System.nanoTime();
        needSync = false;
        for (; committedFileNum < meta.readFileNum(); committedFileNum++) {
            Path file = files.dataFile(committedFileNum);
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                log.error("DISKQUEUE({}) failed to remove {} - {}", config.name(), file, e.toString());
            }
        }
        synchronized (lock) {
            committedFileNumShared = committedFileNum;
        }
    }

    /** Syncs, logging a failure when syncs start failing and a line when they succeed again. */
    private IOException syncLoggingFailure(boolean withMeta) {
        try {
            sync(withMeta);
            if (syncFailing) {
                syncFailing = false;
                log.warn("DISKQUEUE({}) syncs succeed again", config.name());
            }
            return null;
        } catch (IOException e) {
            if (!syncFailing) {
                syncFailing = true;
                log.error("DISKQUEUE({}) failed to sync (logged again only once syncs succeed) - {}", config.name(), e.toString());
            }
            return e;
        }
    }

    /** The meta file lags the data file: have it rewritten once the meta interval has passed. */
    private void writeMetaLater() {
        synchronized (lock) {
            if (metaWriteScheduled) {
                return;
            }
            metaWriteScheduled = true;
        }
        long delay = META_INTERVAL_NANOS - (System.nanoTime() - lastMetaWriteNanos);
        scheduler.schedule(() -> {
            synchronized (lock) {
                metaWriteScheduled = false;
                worker.requestSyncLocked();
            }
        }, Math.max(0, delay), TimeUnit.NANOSECONDS);
    }

    /** Committed position: the oldest record outstanding, else the oldest read ahead, else the cursor. */
    private DiskQueueMeta currentMetaLocked() {
        long fileNum = readFileNum;
        long pos = readPos;
        if (!outstanding.isEmpty()) {
            fileNum = outstanding.oldestFileNum();
            pos = outstanding.oldestPos();
        } else if (!readAhead.isEmpty()) {
            fileNum = readAhead.peekFirst().fileNum;
            pos = readAhead.peekFirst().pos;
        }
        long stored = outstanding.size() + readAhead.size() + unread;
        return new DiskQueueMeta(stored, fileNum, pos, writeFileNum, writePos);
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

    private record PendingAppend(List<byte[]> records, CompletableFuture<Void> future) {
    }

    private record ReadRecord(byte[] record, long fileNum, long pos) {
    }

    private record BatchOutcome(CompletableFuture<Void> future, IOException failure) {
    }

    /** A batch stopped at a record that could not be written; those before it were. */
    private static final class BatchFailure extends Exception {
        final int written;
        final IOException cause;

        BatchFailure(int written, IOException cause) {
            super(cause.getMessage(), cause, false, false);
            this.written = written;
            this.cause = cause;
        }
    }
}
