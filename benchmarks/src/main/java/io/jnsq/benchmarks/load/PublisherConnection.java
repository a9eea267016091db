package io.jnsq.benchmarks.load;

import io.jnsq.testclient.FrameReader;
import io.jnsq.testclient.V2Commands;
import io.jnsq.testclient.V2Connection;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One bench_writer connection. Flat out (no rate): sends a PUB or MPUB, waits for its OK, again,
 * until the run's duration or count is used up. Paced (a rate): sends its batches at the times its
 * {@link PublishSchedule} says, each stamped with its intended time, with up to
 * {@code --max-in-flight} commands unanswered; a second thread reads the OKs. Answers heartbeats with NOP.
 */
final class PublisherConnection extends LoadConnection {

    /** nsqd answers a publish within milliseconds; half a minute means it is stuck. */
    private static final int RESPONSE_TIMEOUT_MILLIS = 30_000;
    /** How often the paced reader and writer look at the run's state while they wait. */
    private static final long POLL_MILLIS = 100;

    private final int index;
    private final Object writeLock = new Object();
    private PublishBatch batch;
    private volatile long endNanos;
    private volatile long maxLagNanos;

    PublisherConnection(InetSocketAddress address, LoadOptions options, RunControl control, CountDownLatch ready,
                        CountDownLatch go, int index) {
        super(address, options, control, ready, go, RESPONSE_TIMEOUT_MILLIS);
        this.index = index;
    }

    long endNanos() {
        return endNanos;
    }

    /** Paced: the furthest this connection's sends fell behind their intended times. */
    long maxLagNanos() {
        return maxLagNanos;
    }

    @Override
    void setUp(V2Connection link, FrameReader frames) {
        batch = PublishBatch.of(options.topic(), options.batch(), options.size());
    }

    @Override
    void exchange(V2Connection link, FrameReader frames) throws IOException, InterruptedException {
        if (options.paced()) {
            paced(link.socket(), link.out(), frames, batch);
        } else {
            flatOut(link.out(), frames, batch);
        }
    }

    @Override
    void finished() {
        endNanos = System.nanoTime();
    }

    private void flatOut(OutputStream out, FrameReader frames, PublishBatch batch) throws IOException {
        for (int granted; (granted = control.reservePublish(batch.messages())) > 0; ) {
            if (granted < batch.messages()) {
                batch = PublishBatch.of(options.topic(), granted, options.size()); // the run's last, short batch
            }
            out.write(batch.stamped());
            out.flush();
            awaitOk(frames, out);
            control.published(granted);
        }
    }

    /**
     * Open loop: batch k goes out at its intended time, or at once when that time has passed (the
     * schedule never runs ahead, so a late connection sends only what is due). The batch sizes of the
     * unanswered commands wait in {@code unanswered}, whose capacity is the in-flight bound.
     */
    private void paced(Socket connection, OutputStream out, FrameReader frames, PublishBatch batch)
            throws IOException, InterruptedException {
        PublishSchedule schedule = new PublishSchedule(options.rate(), options.publishers(), index, options.batch(),
                control.startNanos());
        ArrayBlockingQueue<Integer> unanswered = new ArrayBlockingQueue<>(options.maxInFlight());
        Acknowledgements acks = new Acknowledgements(connection, frames, out, unanswered);
        Thread reader = new Thread(acks, Thread.currentThread().getName() + "-acks");
        reader.setDaemon(true);
        reader.start();
        try {
            long deadline = control.publishDeadlineNanos();
            for (long k = 0; ; k++) {
                long intended = schedule.intendedNanos(k);
                if (intended - deadline >= 0 || !waitUntil(intended)) {
                    break;
                }
                int granted = control.reservePublish(batch.messages());
                if (granted == 0) {
                    break;
                }
                if (granted < batch.messages()) {
                    batch = PublishBatch.of(options.topic(), granted, options.size()); // the run's last, short batch
                }
                while (!unanswered.offer(granted, POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                    if (control.failed() || !reader.isAlive()) {
                        return;
                    }
                }
                long lag = System.nanoTime() - intended;
                if (lag > maxLagNanos) {
                    maxLagNanos = lag;
                }
                synchronized (writeLock) {
                    out.write(batch.stamped(intended));
                    out.flush();
                }
            }
        } finally {
            acks.writerDone = true;
            reader.join(RESPONSE_TIMEOUT_MILLIS + 5_000);
            if (reader.isAlive()) {
                control.fail(new IOException("publisher " + index + ": answers still missing after " + RESPONSE_TIMEOUT_MILLIS + " ms"));
                abort();
                reader.join(5_000);
            }
        }
    }

    /** Parks until {@code nanos}; false when the run failed meanwhile. */
    private boolean waitUntil(long nanos) {
        while (true) {
            if (control.failed()) {
                return false;
            }
            long left = nanos - System.nanoTime();
            if (left <= 0) {
                return true;
            }
            LockSupport.parkNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(POLL_MILLIS)));
        }
    }

    /** Reads a paced connection's responses: an OK settles the oldest unanswered command. */
    private final class Acknowledgements implements Runnable {

        private final Socket connection;
        private final FrameReader frames;
        private final OutputStream out;
        private final ArrayBlockingQueue<Integer> unanswered;
        volatile boolean writerDone;

        Acknowledgements(Socket connection, FrameReader frames, OutputStream out, ArrayBlockingQueue<Integer> unanswered) {
            this.connection = connection;
            this.frames = frames;
            this.out = out;
            this.unanswered = unanswered;
        }

        @Override
        public void run() {
            try {
                connection.setSoTimeout((int) POLL_MILLIS);
                long waitingSince = System.nanoTime();
                while (true) {
                    if ((writerDone && unanswered.isEmpty()) || control.failed()) {
                        return;
                    }
                    try {
                        if (!frames.next()) {
                            throw new IOException("nsqd closed the connection while publishes were in flight");
                        }
                    } catch (SocketTimeoutException e) {
                        if (unanswered.isEmpty()) {
                            waitingSince = System.nanoTime();
                        } else if (System.nanoTime() - waitingSince > TimeUnit.MILLISECONDS.toNanos(RESPONSE_TIMEOUT_MILLIS)) {
                            throw new IOException("no answer to a publish within " + RESPONSE_TIMEOUT_MILLIS + " ms");
                        }
                        continue;
                    }
                    if (frames.isOk()) {
                        Integer messages = unanswered.poll();
                        if (messages == null) {
                            throw new IOException("an OK for no publish");
                        }
                        control.published(messages);
                        waitingSince = System.nanoTime();
                    } else if (frames.isHeartbeat()) {
                        synchronized (writeLock) {
                            out.write(V2Commands.NOP);
                            out.flush();
                        }
                    } else {
                        throw new IOException("publish refused: " + frames.text());
                    }
                }
            } catch (IOException | RuntimeException e) {
                control.fail(e);
            }
        }
    }

    private static void awaitOk(FrameReader frames, OutputStream out) throws IOException {
        while (true) {
            if (!frames.next()) {
                throw new IOException("nsqd closed the connection while a publish was in flight");
            }
            if (frames.isOk()) {
                return;
            }
            frames.answerHeartbeatOrFail(out, "publish refused: ");
        }
    }
}
