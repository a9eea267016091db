package io.jnsq.benchmarks.load;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.CountDownLatch;

/**
 * One bench_writer connection: sends a PUB or MPUB, waits for its OK, again, until the run's duration
 * or count is used up. Answers heartbeats with NOP.
 */
final class PublisherConnection implements Runnable {

    /** nsqd answers a publish within milliseconds; half a minute means it is stuck. */
    private static final int RESPONSE_TIMEOUT_MILLIS = 30_000;

    private final InetSocketAddress address;
    private final LoadOptions options;
    private final RunControl control;
    private final CountDownLatch ready;
    private final CountDownLatch go;
    private volatile Socket socket;
    private volatile long endNanos;

    PublisherConnection(InetSocketAddress address, LoadOptions options, RunControl control, CountDownLatch ready, CountDownLatch go) {
        this.address = address;
        this.options = options;
        this.control = control;
        this.ready = ready;
        this.go = go;
    }

    long endNanos() {
        return endNanos;
    }

    @Override
    public void run() {
        boolean counted = false;
        try (Socket connection = Connections.open(address, RESPONSE_TIMEOUT_MILLIS)) {
            socket = connection;
            OutputStream out = connection.getOutputStream();
            out.write(V2Commands.MAGIC);
            FrameReader frames = new FrameReader(connection.getInputStream());
            PublishBatch batch = PublishBatch.of(options.topic(), options.batch(), options.size());
            ready.countDown();
            counted = true;
            go.await();
            for (int granted; (granted = control.reservePublish(batch.messages())) > 0; ) {
                if (granted < batch.messages()) {
                    batch = PublishBatch.of(options.topic(), granted, options.size()); // the run's last, short batch
                }
                out.write(batch.stamped());
                out.flush();
                awaitOk(frames, out);
                control.published(granted);
            }
        } catch (IOException | RuntimeException e) {
            control.fail(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            endNanos = System.nanoTime();
            if (!counted) {
                ready.countDown(); // never leave the starter waiting for a connection that failed
            }
        }
    }

    /** Unblocks the connection when the run is aborted. */
    void abort() {
        Socket connection = socket;
        if (connection != null) {
            try {
                connection.close();
            } catch (IOException ignored) {
                // closing to unblock; nothing to report
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
            if (frames.isHeartbeat()) {
                out.write(V2Commands.NOP);
                out.flush();
            } else {
                throw new IOException("publish refused: " + frames.text());
            }
        }
    }
}
