package io.jnsq.benchmarks.load;

import io.jnsq.testclient.FrameReader;
import io.jnsq.testclient.V2Connection;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;

/**
 * What every load connection does around its own exchange: opens the V2 link (upgraded as the run
 * asks), sets up, says it is ready, waits for the common start, exchanges until the run ends, and hands
 * any failure to the run. {@link #abort()} unblocks it.
 */
abstract class LoadConnection implements Runnable {

    static final String USER_AGENT = "jnsq-load/1";

    final LoadOptions options;
    final RunControl control;
    private final InetSocketAddress address;
    private final CountDownLatch ready;
    private final CountDownLatch go;
    private final int readTimeoutMillis;
    private volatile V2Connection link;

    LoadConnection(InetSocketAddress address, LoadOptions options, RunControl control, CountDownLatch ready,
                   CountDownLatch go, int readTimeoutMillis) {
        this.address = address;
        this.options = options;
        this.control = control;
        this.ready = ready;
        this.go = go;
        this.readTimeoutMillis = readTimeoutMillis;
    }

    /** Before the start: what must be settled on the connection for the run to measure only the exchange. */
    abstract void setUp(V2Connection link, FrameReader frames) throws IOException;

    /** From the start until the run ends. */
    abstract void exchange(V2Connection link, FrameReader frames) throws IOException, InterruptedException;

    /** After the exchange, whatever its outcome. */
    void finished() {
    }

    @Override
    public final void run() {
        boolean counted = false;
        try (V2Connection opened = options.upgrades().open(address, readTimeoutMillis, USER_AGENT)) {
            link = opened;
            FrameReader frames = opened.frames();
            setUp(opened, frames);
            ready.countDown();
            counted = true;
            go.await();
            exchange(opened, frames);
        } catch (IOException | RuntimeException e) {
            control.fail(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            finished();
            if (!counted) {
                ready.countDown(); // never leave the starter waiting for a connection that failed
            }
        }
    }

    /** Unblocks the connection when the run is aborted. */
    void abort() {
        V2Connection connection = link;
        if (connection != null) {
            try {
                connection.close();
            } catch (IOException ignored) {
                // closing to unblock; nothing to report
            }
        }
    }
}
