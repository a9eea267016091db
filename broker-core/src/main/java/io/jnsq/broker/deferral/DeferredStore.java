package io.jnsq.broker.deferral;

import io.jnsq.broker.Ticker;
import io.jnsq.broker.queue.DiskQueueConfig;
import io.jnsq.broker.queue.QueueWorker;
import io.jnsq.broker.queue.QueueWorker.Lifecycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A topic's or channel's deferred messages (DPUB, REQ with a delay) kept on disk ({@code --durable-deferral}).
 * Each message is appended to a file as a record with its due time; the heap holds only a
 * {@link DeferredIndex} entry (due time, file and position: 16 bytes). When one is due, the record is
 * read back and handed to the {@link DueSink} (the channel's queue); once the sink has stored it, the
 * record is marked released in place, and a file whose records are all released is deleted.
 *
 * <p><b>Guarantee.</b> {@link #add} completes once the record is written (write(2), so it survives
 * {@code kill -9}), and with {@code syncEvery == 1} also fsynced (it survives power loss). After a restart
 * every record not marked released is indexed again and delivered at its due time; one that was due
 * before the restart is delivered at once. A record whose release mark was lost in a crash is delivered
 * again: at least once, never early (due times on disk are wall-clock times, converted back with a 1 ms
 * margin).
 *
 * <p><b>Threads.</b> Callers never wait for the disk: writes, reads, marks, syncs and the startup scan
 * run on the store's worker (one task at a time on the shared I/O executor), which never calls the
 * sink itself: due messages are handed over on {@code handOff} (the broker's workers), one batch at a
 * time, so a channel's monitor is never taken on a disk thread and closing a channel never waits for
 * a worker that waits for that channel.
 */
public final class DeferredStore implements AutoCloseable {

    /** Where due messages go: the channel (or topic) that deferred them. */
    public interface DueSink {
        /**
         * @param payloads the records as they were added, in due order
         * @return completes when they are stored where they go next; the store forgets them only then
         *         (on failure they are offered again a second later)
         */
        CompletableFuture<Void> accept(List<byte[]> payloads);
    }

    private static final Logger log = LoggerFactory.getLogger(DeferredStore.class);

    private static final int FILE_NUM_SHIFT = 40;
    private static final long POSITION_MASK = (1L << FILE_NUM_SHIFT) - 1;
    private static final long RETRY_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** A restored due time is pushed back this much, so the wall-to-monotonic conversion never makes one early. */
    private static final long RESTORE_MARGIN_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final int HAND_OFF_RECORDS = 1024;
    private static final long HAND_OFF_BYTES = 4L << 20;
    private static final long MAX_WRITE_BYTES = 1L << 20;
    private static final int SCAN_BUFFER_BYTES = 1 << 20;

    private final DiskQueueConfig config;
    private final DeferredFiles files;
    private final Executor handOff;
    private final DueSink sink;
    private final Ticker ticker;
    private final QueueWorker worker;

    // ---- shared with callers: guarded by lock, never held during I/O ----
    private final Object lock = new Object();
    private DeferredIndex index = new DeferredIndex();
    private ArrayDeque<PendingAdd> pending = new ArrayDeque<>();
    /** Records the worker took from {@code pending} and has not indexed yet. */
    private int writing;
    /** Records handed to the sink and not yet stored there. */
    private int handedOff;
    private long[] released = new long[16];
    private int releasedCount;
    private boolean dueWanted;
    /** Bumped by {@link #empty}: hand-offs started before no longer count. */
    private long epoch;

    // ---- owned by the worker ----
    private final TreeMap<Long, StoreFile> storeFiles = new TreeMap<>();
    private long writeFileNum;
    private long writePos;
    private final Set<Long> unsynced = new TreeSet<>();
    private long opsSinceSync;

    /**
     * Opens the store; its worker first scans what the files hold (see {@link #opened}).
     *
     * @param scheduler runs the periodic sync check (no I/O)
     * @param io        runs the store's worker; shared, one task of this store at a time
     * @param handOff   where due messages are given to the sink
     * @param ticker    the monotonic time due times are given in: the broker's, so that a test's
     *                  {@link io.jnsq.broker.ManualTicker} moves disk-deferred messages as it moves the others
     */
    public DeferredStore(DiskQueueConfig config, ScheduledExecutorService scheduler, Executor io, Executor handOff,
                         DueSink sink, Ticker ticker) {
        this.config = config;
        this.ticker = ticker;
        this.files = new DeferredFiles(config.dataPath(), config.name());
        this.handOff = handOff;
        this.sink = sink;
        this.worker = new QueueWorker(lock, io, scheduler, config.syncTimeout(), this::restore, this::runRound, log,
                "DEFERRED(" + config.name() + ")");
        synchronized (lock) {
            worker.scheduleLocked();
        }
    }

    /** The queues ({@code topic} or {@code topic:channel}) with deferred-message files in {@code dataPath}. */
    public static Set<String> queuesWithFiles(Path dataPath) throws IOException {
        return DeferredFiles.queuesWithFiles(dataPath);
    }

    /** Completes once the files have been scanned: from then on {@link #size} counts what they hold. */
    public CompletableFuture<Void> opened() {
        return worker.opened();
    }

    /**
     * Defers a payload until {@code dueNanos} (its {@link Ticker}'s time).
     *
     * @return completes when it is written (and synced with {@code syncEvery == 1}); exceptionally with an
     *         {@link IOException} when it cannot be, in which case the store does not keep it
     */
    public CompletableFuture<Void> add(byte[] payload, long dueNanos) {
        if (payload.length > config.maxMsgSize()) {
            return CompletableFuture.failedFuture(new IOException("invalid message write size (" + payload.length
                    + ") maxMsgSize=" + config.maxMsgSize()));
        }
        long dueUnixNanos = wallNanos() + (dueNanos - ticker.nanos());
        CompletableFuture<Void> written = new CompletableFuture<>();
        synchronized (lock) {
            if (!worker.openLocked()) {
                return CompletableFuture.failedFuture(new IOException("exiting"));
            }
            pending.addLast(new PendingAdd(payload, dueNanos, dueUnixNanos, written));
            worker.activityLocked();
            worker.scheduleLocked();
        }
        return written;
    }

    /** Hands what is due by {@code nowNanos} to the sink, unless a hand-off is under way. Cheap: a peek. */
    public void releaseDue(long nowNanos) {
        synchronized (lock) {
            if (worker.openLocked() && handedOff == 0 && !index.isEmpty() && index.firstDue() - nowNanos <= 0) {
                dueWanted = true;
                worker.scheduleLocked();
            }
        }
    }

    /** Deferred messages held: indexed, being written, or handed to the sink and not yet stored there. */
    public long size() {
        synchronized (lock) {
            return index.size() + pending.size() + writing + handedOff;
        }
    }

    /** Slots of the index allocated (memory figures in tests: 16 bytes each). */
    int indexCapacity() {
        synchronized (lock) {
            return index.capacity();
        }
    }

    /** Discards every deferred message and file. */
    public CompletableFuture<Void> empty() {
        synchronized (lock) {
            if (!worker.openLocked()) {
                return CompletableFuture.failedFuture(new IOException("exiting"));
            }
            epoch++;
            index = new DeferredIndex();
            handedOff = 0;
            releasedCount = 0;
            dueWanted = false;
            return worker.requestEmptyLocked();
        }
    }

    /** Writes what it was given, syncs and closes its files: what waits stays on disk for the next start. */
    @Override
    public void close() throws IOException {
        synchronized (lock) {
            worker.closeLocked();
        }
        worker.awaitFinished();
    }

    /** Closes and removes every file: the topic or channel is being deleted. */
    public CompletableFuture<Void> delete() {
        List<PendingAdd> refused;
        synchronized (lock) {
            if (!worker.deleteLocked()) {
                return worker.finished();
            }
            refused = new ArrayList<>(pending);
            pending.clear();
            index = new DeferredIndex();
            handedOff = 0;
        }
        refused.forEach(add -> add.future.completeExceptionally(new IOException("exiting")));
        return worker.finished();
    }

    // ---- the worker ----------------------------------------------------------------------------

    private boolean runRound() {
        Lifecycle state;
        CompletableFuture<Void> emptying;
        ArrayDeque<PendingAdd> adds;
        long[] marks;
        int markCount;
        boolean due;
        boolean periodic;
        long roundEpoch;
        synchronized (lock) {
            state = worker.lifecycleLocked();
            boolean idle = !worker.requestedLocked() && pending.isEmpty() && releasedCount == 0 && !dueWanted;
            if (idle) {
                worker.idleLocked();
                return false;
            }
            emptying = worker.takeEmptyRequestLocked();
            adds = pending;
            pending = new ArrayDeque<>();
            writing = adds.size();
            marks = released;
            markCount = releasedCount;
            released = new long[16];
            releasedCount = 0;
            due = dueWanted;
            dueWanted = false;
            periodic = worker.takeSyncRequestLocked();
            roundEpoch = epoch;
        }
        if (state == Lifecycle.DELETING) {
            deleteAll(adds);
            return false;
        }
        if (emptying != null) {
            completeEmpty(emptying);
        }
        markReleased(marks, markCount);
        List<Written> written = writeAll(adds);
        IOException syncFailure = null;
        if (opsSinceSync >= config.syncEvery() || periodic || state == Lifecycle.CLOSING) {
            syncFailure = sync();
        }
        completeWrites(written, syncFailure);
        if (state == Lifecycle.CLOSING) {
            closeFiles();
            worker.finish(syncFailure);
            return false;
        }
        if (due) {
            handOffDue(roundEpoch);
        }
        return true;
    }

    // ---- writing -------------------------------------------------------------------------------

    /** Appends the records in order, a write(2) per file and megabyte; a failed write fails the rest. */
    private List<Written> writeAll(ArrayDeque<PendingAdd> adds) {
        List<Written> written = new ArrayList<>(adds.size());
        List<PendingAdd> chunk = new ArrayList<>();
        long chunkBytes = 0;
        IOException failure = null;
        for (PendingAdd add : adds) {
            if (failure != null) {
                written.add(new Written(add, -1, failure));
                continue;
            }
            int frame = DeferredRecord.frameSize(add.payload.length);
            boolean full = writePos + chunkBytes > DeferredRecord.FILE_MAGIC.length
                    && writePos + chunkBytes + frame > config.maxBytesPerFile();
            if (full || chunkBytes + frame > MAX_WRITE_BYTES) {
                failure = flush(chunk, chunkBytes, written);
                chunk.clear();
                chunkBytes = 0;
                if (failure == null && full) {
                    roll();
                }
                if (failure != null) {
                    written.add(new Written(add, -1, failure));
                    continue;
                }
            }
            chunk.add(add);
            chunkBytes += frame;
        }
        if (failure == null) {
            flush(chunk, chunkBytes, written);
        }
        return written;
    }

    private IOException flush(List<PendingAdd> chunk, long bytes, List<Written> written) {
        if (chunk.isEmpty()) {
            return null;
        }
        try {
            StoreFile file = writeFile();
            ByteBuffer buffer = ByteBuffer.allocate(Math.toIntExact(bytes));
            for (PendingAdd add : chunk) {
                DeferredRecord.write(buffer, add.dueUnixNanos, add.payload);
            }
            buffer.flip();
            long position = writePos;
            while (buffer.hasRemaining()) {
                position += file.channel.write(buffer, position);
            }
            long recordPos = writePos;
            for (PendingAdd add : chunk) {
                written.add(new Written(add, location(writeFileNum, recordPos), null));
                recordPos += DeferredRecord.frameSize(add.payload.length);
            }
            writePos = position;
            file.live += chunk.size();
            unsynced.add(writeFileNum);
            opsSinceSync += chunk.size();
            return null;
        } catch (IOException e) {
            IOException failure = new IOException("failed to write " + files.dataFile(writeFileNum) + " - " + e, e);
            abandonWriteFile();
            for (PendingAdd add : chunk) {
                written.add(new Written(add, -1, failure));
            }
            return failure;
        }
    }

    private StoreFile writeFile() throws IOException {
        StoreFile file = storeFiles.get(writeFileNum);
        if (file == null) {
            file = new StoreFile();
            storeFiles.put(writeFileNum, file);
        }
        if (file.channel == null) {
            Path path = files.dataFile(writeFileNum);
            file.channel = FileChannel.open(path, Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE), files.createAttributes());
            long size = file.channel.size();
            if (size == 0) {
                file.channel.write(ByteBuffer.wrap(DeferredRecord.FILE_MAGIC), 0);
                size = DeferredRecord.FILE_MAGIC.length;
            }
            writePos = Math.max(writePos, size);
        }
        return file;
    }

    /** After a failed write: cut off what it may have left and start over in a new file. */
    private void abandonWriteFile() {
        StoreFile file = storeFiles.get(writeFileNum);
        if (file != null && file.channel != null) {
            try {
                file.channel.truncate(writePos);
            } catch (IOException e) {
                log.error("DEFERRED({}) failed to truncate {} to {} - {}", config.name(), files.dataFile(writeFileNum),
                        writePos, e.toString());
            }
        }
        roll();
    }

    /** Syncs the file being left (its records' futures complete only after the round's sync), then moves on. */
    private void roll() {
        StoreFile left = storeFiles.get(writeFileNum);
        if (left != null && left.channel != null && unsynced.remove(writeFileNum)) {
            try {
                left.channel.force(false);
            } catch (IOException e) {
                log.error("DEFERRED({}) failed to sync {} - {}", config.name(), files.dataFile(writeFileNum), e.toString());
            }
        }
        long leftNum = writeFileNum;
        writeFileNum++;
        writePos = 0;
        if (left != null && left.live == 0) {
            deleteFile(leftNum);
        }
    }

    /**
     * Completes the round's futures. A record that was written but whose sync failed is marked released
     * at once: its caller keeps the message some other way, so a restart must not bring it back too.
     */
    private void completeWrites(List<Written> written, IOException syncFailure) {
        if (written.isEmpty()) {
            return;
        }
        List<Written> failed = new ArrayList<>();
        synchronized (lock) {
            writing = 0;
            for (Written record : written) {
                IOException failure = record.failure != null ? record.failure : syncFailure;
                if (failure == null && worker.lifecycleLocked() != Lifecycle.DELETING) {
                    index.add(record.add.dueNanos, record.location);
                } else if (record.location >= 0) {
                    failed.add(record);
                }
            }
        }
        if (!failed.isEmpty()) {
            long[] locations = failed.stream().mapToLong(Written::location).toArray();
            markReleased(locations, locations.length);
        }
        for (Written record : written) {
            IOException failure = record.failure != null ? record.failure : syncFailure;
            if (failure == null) {
                record.add.future.complete(null);
            } else {
                record.add.future.completeExceptionally(failure);
            }
        }
    }

    // ---- releasing -----------------------------------------------------------------------------

    /**
     * Reads the records due now, up to a batch, and hands them to the sink on the hand-off executor.
     * One batch at a time: the next is read once the sink has stored this one, so a flood of due
     * messages moves at the pace of the queue that takes them.
     */
    private void handOffDue(long roundEpoch) {
        long now = ticker.nanos();
        List<byte[]> payloads = new ArrayList<>();
        long[] locations = new long[16];
        long bytes = 0;
        while (payloads.size() < HAND_OFF_RECORDS && bytes < HAND_OFF_BYTES) {
            long location;
            synchronized (lock) {
                if (epoch != roundEpoch || !worker.openLocked() || index.isEmpty() || index.firstDue() - now > 0) {
                    break;
                }
                location = index.firstLocation();
                index.removeFirst();
                handedOff++;
            }
            byte[] payload = readPayload(location);
            if (payload == null) {
                synchronized (lock) {
                    handedOff--;
                }
                markReleased(new long[]{location}, 1);
                continue;
            }
            if (payloads.size() == locations.length) {
                locations = Arrays.copyOf(locations, locations.length * 2);
            }
            locations[payloads.size()] = location;
            payloads.add(payload);
            bytes += payload.length;
        }
        if (payloads.isEmpty()) {
            return;
        }
        long[] batch = Arrays.copyOf(locations, payloads.size());
        try {
            handOff.execute(() -> deliver(payloads, batch, roundEpoch));
        } catch (RejectedExecutionException shuttingDown) {
            // the records stay on disk, unreleased: the next start delivers them
            synchronized (lock) {
                if (epoch == roundEpoch) {
                    handedOff -= batch.length;
                }
            }
        }
    }

    private void deliver(List<byte[]> payloads, long[] locations, long roundEpoch) {
        CompletableFuture<Void> stored;
        try {
            stored = sink.accept(payloads);
        } catch (RuntimeException e) {
            stored = CompletableFuture.failedFuture(e);
        }
        stored.whenComplete((ignored, failure) -> afterHandOff(locations, roundEpoch, failure));
    }

    private void afterHandOff(long[] locations, long roundEpoch, Throwable failure) {
        synchronized (lock) {
            if (epoch != roundEpoch || worker.lifecycleLocked() == Lifecycle.DELETING) {
                return;
            }
            handedOff -= locations.length;
            worker.activityLocked();
            if (failure == null) {
                if (releasedCount + locations.length > released.length) {
                    released = Arrays.copyOf(released, Math.max(released.length * 2, releasedCount + locations.length));
                }
                System.arraycopy(locations, 0, released, releasedCount, locations.length);
                releasedCount += locations.length;
            } else {
                long retryAt = ticker.nanos() + RETRY_NANOS;
                for (long location : locations) {
                    index.add(retryAt, location);
                }
            }
            if (worker.openLocked()) {
                dueWanted = !index.isEmpty() && index.firstDue() - ticker.nanos() <= 0;
            }
            if (releasedCount > 0 || dueWanted) {
                worker.scheduleLocked();
            }
        }
    }

    /** The payload at a location, checked against its CRC; {@code null} (logged) when it cannot be read. */
    private byte[] readPayload(long location) {
        long fileNum = location >>> FILE_NUM_SHIFT;
        long pos = location & POSITION_MASK;
        try {
            StoreFile file = openForReading(fileNum);
            ByteBuffer header = ByteBuffer.allocate(DeferredRecord.LENGTH_PREFIX + DeferredRecord.HEADER);
            readFully(file.channel, header, pos);
            int length = header.getInt(0);
            int payloadLength = length - DeferredRecord.HEADER;
            if (payloadLength < 0 || payloadLength > config.maxMsgSize()) {
                throw new IOException("invalid record length " + length);
            }
            int crc = header.getInt(DeferredRecord.STATE_OFFSET + 1);
            long dueUnixNanos = header.getLong(DeferredRecord.STATE_OFFSET + 5);
            byte[] payload = new byte[payloadLength];
            readFully(file.channel, ByteBuffer.wrap(payload), pos + header.capacity());
            if (DeferredRecord.checksum(dueUnixNanos, payload, 0, payloadLength) != crc) {
                throw new IOException("checksum mismatch");
            }
            return payload;
        } catch (IOException e) {
            log.error("DEFERRED({}) cannot read the deferred message at {}:{}, it is lost - {}", config.name(),
                    files.dataFile(fileNum), pos, e.toString());
            return null;
        }
    }

    private StoreFile openForReading(long fileNum) throws IOException {
        StoreFile file = storeFiles.get(fileNum);
        if (file == null) {
            throw new IOException("no such file");
        }
        if (file.channel == null) {
            file.channel = FileChannel.open(files.dataFile(fileNum), StandardOpenOption.READ, StandardOpenOption.WRITE);
        }
        return file;
    }

    /**
     * Marks records released in place (one byte each), and deletes a file once none of its records
     * waits. Marks are synced with the next sync; one lost to a crash delivers its message again.
     */
    private void markReleased(long[] locations, int count) {
        ByteBuffer mark = ByteBuffer.allocate(1);
        for (int i = 0; i < count; i++) {
            long fileNum = locations[i] >>> FILE_NUM_SHIFT;
            StoreFile file = storeFiles.get(fileNum);
            if (file == null) {
                continue;
            }
            file.live--;
            opsSinceSync++;
            if (file.live <= 0 && fileNum != writeFileNum) {
                deleteFile(fileNum);
                continue;
            }
            long pos = locations[i] & POSITION_MASK;
            try {
                openForReading(fileNum).channel.write(mark.clear().put(0, DeferredRecord.RELEASED),
                        pos + DeferredRecord.STATE_OFFSET);
                unsynced.add(fileNum);
            } catch (IOException e) {
                log.error("DEFERRED({}) failed to mark the record at {}:{} released (it will be delivered again after a restart) - {}",
                        config.name(), files.dataFile(fileNum), pos, e.toString());
            }
        }
    }

    // ---- syncing, restoring, emptying, deleting ------------------------------------------------

    /** fsyncs every file written or marked since the last sync. */
    private IOException sync() {
        opsSinceSync = 0;
        IOException failure = null;
        for (Long fileNum : unsynced) {
            StoreFile file = storeFiles.get(fileNum);
            if (file == null || file.channel == null) {
                continue;
            }
            try {
                file.channel.force(false);
            } catch (IOException e) {
                failure = new IOException("failed to sync " + files.dataFile(fileNum) + " - " + e, e);
                log.error("DEFERRED({}) {}", config.name(), failure.getMessage());
            }
        }
        unsynced.clear();
        return failure;
    }

    /**
     * Indexes every record not marked released, file by file. A record that is cut short or fails its
     * checksum ends its file's scan: the tail of the file written last at a crash, never acknowledged.
     * New records go to a new file.
     */
    private void restore() {
        List<Long> fileNums;
        try {
            fileNums = files.existingFileNums();
        } catch (IOException e) {
            log.error("DEFERRED({}) cannot list {} - {}", config.name(), config.dataPath(), e.toString());
            fileNums = List.of();
        }
        DeferredIndex restoredIndex = new DeferredIndex();
        long toMonotonic = ticker.nanos() - wallNanos() + RESTORE_MARGIN_NANOS;
        long waiting = 0;
        for (long fileNum : fileNums) {
            int live = scan(fileNum, restoredIndex, toMonotonic, fileNum == fileNums.get(fileNums.size() - 1));
            if (live > 0) {
                StoreFile file = new StoreFile();
                file.live = live;
                storeFiles.put(fileNum, file);
                waiting += live;
            } else if (live == 0) {
                deleteFile(fileNum);
            }
        }
        writeFileNum = fileNums.isEmpty() ? 0 : fileNums.get(fileNums.size() - 1) + 1;
        restoredIndex.heapify();
        synchronized (lock) {
            index = restoredIndex; // nothing else is indexed before the first round
        }
        if (waiting > 0) {
            log.info("DEFERRED({}): {} deferred messages waiting on disk", config.name(), waiting);
        }
    }

    /** @return records waiting in the file, or -1 when it is not a deferred-message file (set aside as {@code .bad}) */
    private int scan(long fileNum, DeferredIndex into, long toMonotonic, boolean last) {
        Path path = files.dataFile(fileNum);
        int live = 0;
        long pos = 0;
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
             DataInputStream in = new DataInputStream(new BufferedInputStream(Channels.newInputStream(channel), SCAN_BUFFER_BYTES))) {
            long size = channel.size();
            byte[] magic = new byte[DeferredRecord.FILE_MAGIC.length];
            in.readFully(magic);
            if (!Arrays.equals(magic, DeferredRecord.FILE_MAGIC)) {
                setAside(fileNum, "it does not start as a deferred-message file does");
                return -1;
            }
            pos = magic.length;
            byte[] payload = new byte[256];
            while (pos + DeferredRecord.LENGTH_PREFIX <= size) {
                int length = in.readInt();
                int payloadLength = length - DeferredRecord.HEADER;
                if (payloadLength < 0 || payloadLength > config.maxMsgSize()
                        || pos + DeferredRecord.LENGTH_PREFIX + length > size) {
                    throw new IOException("invalid record length " + length);
                }
                byte state = in.readByte();
                int crc = in.readInt();
                long dueUnixNanos = in.readLong();
                if (payload.length < payloadLength) {
                    payload = new byte[Math.max(payloadLength, payload.length * 2)];
                }
                in.readFully(payload, 0, payloadLength);
                if (DeferredRecord.checksum(dueUnixNanos, payload, 0, payloadLength) != crc) {
                    throw new IOException("checksum mismatch");
                }
                if (state == DeferredRecord.WAITING) {
                    into.append(dueUnixNanos + toMonotonic, location(fileNum, pos));
                    live++;
                }
                pos += DeferredRecord.LENGTH_PREFIX + length;
            }
        } catch (EOFException | java.nio.file.NoSuchFileException e) {
            // nothing more to read
        } catch (IOException e) {
            if (last) {
                log.warn("DEFERRED({}) {} ends with a record cut short at {} (written when the process stopped, never acknowledged) - {}",
                        config.name(), path, pos, e.getMessage());
            } else {
                log.error("DEFERRED({}) {} is corrupt at {}: the deferred messages after it are lost - {}",
                        config.name(), path, pos, e.getMessage());
            }
        }
        return live;
    }

    private void setAside(long fileNum, String why) {
        Path bad = files.dataFile(fileNum);
        log.error("DEFERRED({}) {} cannot be read ({}); saving it as {}", config.name(), bad, why, files.badFile(fileNum));
        try {
            Files.move(bad, files.badFile(fileNum), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            log.error("DEFERRED({}) failed to rename {} - {}", config.name(), bad, e.toString());
        }
    }

    private void completeEmpty(CompletableFuture<Void> emptying) {
        IOException failure = deleteEveryFile();
        writeFileNum++;
        writePos = 0;
        opsSinceSync = 0;
        synchronized (lock) {
            index = new DeferredIndex(); // the scan at startup may have indexed what empty() came too early to clear
        }
        if (failure != null) {
            emptying.completeExceptionally(failure);
        } else {
            emptying.complete(null);
        }
    }

    private void deleteAll(ArrayDeque<PendingAdd> refused) {
        refused.forEach(add -> add.future.completeExceptionally(new IOException("exiting")));
        worker.finish(deleteEveryFile());
    }

    private IOException deleteEveryFile() {
        closeFiles();
        IOException failure = null;
        try {
            for (long fileNum : files.existingFileNums()) {
                try {
                    Files.deleteIfExists(files.dataFile(fileNum));
                } catch (IOException e) {
                    failure = failure == null ? e : failure;
                }
            }
        } catch (IOException e) {
            failure = e;
        }
        storeFiles.clear();
        unsynced.clear();
        return failure;
    }

    private void deleteFile(long fileNum) {
        StoreFile file = storeFiles.remove(fileNum);
        unsynced.remove(fileNum);
        if (file != null) {
            closeQuietly(fileNum, file);
        }
        try {
            Files.deleteIfExists(files.dataFile(fileNum));
        } catch (IOException e) {
            log.error("DEFERRED({}) failed to remove {} - {}", config.name(), files.dataFile(fileNum), e.toString());
        }
    }

    private void closeFiles() {
        storeFiles.forEach(this::closeQuietly);
    }

    private void closeQuietly(long fileNum, StoreFile file) {
        if (file.channel != null) {
            try {
                file.channel.close();
            } catch (IOException e) {
                log.warn("DEFERRED({}) failed to close {} - {}", config.name(), files.dataFile(fileNum), e.toString());
            }
            file.channel = null;
        }
    }

    private static void readFully(FileChannel channel, ByteBuffer into, long position) throws IOException {
        while (into.hasRemaining()) {
            int read = channel.read(into, position + into.position());
            if (read < 0) {
                throw new EOFException("unexpected end of file at " + position);
            }
        }
    }

    private static long location(long fileNum, long pos) {
        return fileNum << FILE_NUM_SHIFT | pos;
    }

    private static long wallNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    private record PendingAdd(byte[] payload, long dueNanos, long dueUnixNanos, CompletableFuture<Void> future) {
    }

    private record Written(PendingAdd add, long location, IOException failure) {
    }

    /** A data file: how many of its records still wait, and its channel while open. */
    private static final class StoreFile {
        int live;
        FileChannel channel;
    }
}
