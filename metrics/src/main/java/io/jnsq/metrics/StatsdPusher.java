package io.jnsq.metrics;

import io.jnsq.broker.stats.GcPauses;
import io.jnsq.broker.stats.MemoryStats;
import io.jnsq.broker.stats.Stats;
import io.jnsq.protocol.transport.SocketAddresses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Pushes the broker's stats to statsd every interval, as nsqd's statsd loop does: a fresh UDP socket per
 * push, lines packed into datagrams, the datagrams spread evenly over the interval less a second. Runs on
 * its own daemon thread ({@code jnsq-statsd}), which may wait between datagrams; nothing here touches an
 * event loop.
 *
 * <p>The UDP writer is our own: the Java statsd clients (java-statsd-client, dogstatsd) name, sample, tag
 * and buffer lines their own way and send from threads of their own, where nsqd's exact lines, packing
 * and spreading are a few dozen lines of code.
 *
 * <p>A statsd that cannot be reached (the name does not resolve, the socket cannot connect, a send is
 * refused) is logged once when that starts and once when it ends. UDP reports a closed port only on the
 * send after the refused one, so a push of one datagram to a closed port goes unnoticed.
 */
public final class StatsdPusher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StatsdPusher.class);
    /** nsqd leaves this much of the interval free of datagrams, so that two pushes never overlap. */
    private static final Duration SPREAD_MARGIN = Duration.ofSeconds(1);
    private static final long CLOSE_WAIT_SECONDS = 2;

    private final StatsdConfig config;
    private final Supplier<Stats> stats;
    private final GcPauses gcPauses;
    private final StatsdReport report;
    private final ScheduledExecutorService scheduler;
    /** Released by {@link #close()}: a push then sends what remains at once, as nsqd does on exit. */
    private final CountDownLatch closing = new CountDownLatch(1);
    /** Only read and written on the statsd thread. */
    private boolean unreachable;

    private StatsdPusher(StatsdConfig config, Supplier<Stats> stats) {
        this.config = config;
        this.stats = stats;
        // followed from now on, so that the first push already has the pauses since start
        this.gcPauses = config.memStats() ? GcPauses.JVM : null;
        this.report = new StatsdReport(config.prefix(), config.excludeEphemeral());
        this.scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "jnsq-statsd");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts pushing: the first push one interval from now. */
    public static StatsdPusher start(StatsdConfig config, Supplier<Stats> stats) {
        StatsdPusher pusher = new StatsdPusher(config, stats);
        long intervalNanos = config.interval().toNanos();
        pusher.scheduler.scheduleAtFixedRate(pusher::pushSafely, intervalNanos, intervalNanos, TimeUnit.NANOSECONDS);
        return pusher;
    }

    private void pushSafely() {
        try {
            push();
        } catch (RuntimeException e) {
            // a periodic task that throws is never run again: log it and keep pushing
            log.error("STATSD: push failed", e);
        }
    }

    private void push() {
        DatagramChannel socket;
        try {
            socket = connect(config.address());
        } catch (IOException | IllegalArgumentException e) {
            // as in nsqd, nothing is read this time: the next push sends the counters' change since the last one sent
            reachable(false, "failed to create UDP socket to statsd(" + config.address() + ") - " + e.getMessage());
            return;
        }
        try (socket) {
            MemoryStats memory = gcPauses == null ? null : MemoryStats.read(gcPauses);
            List<byte[]> datagrams = DatagramPacker.pack(report.next(stats.get(), memory), config.udpPacketSize());
            log.info("STATSD: pushing stats to {}", config.address()); // nsqd's line, once per push
            send(socket, datagrams);
        } catch (IOException e) {
            log.debug("STATSD: failed to close the socket - {}", e.toString());
        }
    }

    private void send(DatagramChannel socket, List<byte[]> datagrams) {
        long spreadNanos = Math.max(0, config.interval().minus(SPREAD_MARGIN).toNanos());
        long stepNanos = datagrams.isEmpty() ? 0 : spreadNanos / datagrams.size();
        String failure = null;
        for (int i = 0; i < datagrams.size(); i++) {
            if (i > 0 && stepNanos > 0) {
                awaitStep(stepNanos);
            }
            try {
                socket.write(ByteBuffer.wrap(datagrams.get(i)));
            } catch (IOException e) {
                // the rest is still tried, as nsqd does: statsd may be back for them
                failure = "failed to send to statsd(" + config.address() + ") - " + e;
            }
        }
        reachable(failure == null, failure);
    }

    /** Waits one step between datagrams, or not at all once closing. */
    private void awaitStep(long stepNanos) {
        try {
            closing.await(stepNanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void reachable(boolean reached, String failure) {
        if (reached && unreachable) {
            log.info("STATSD: pushing stats to {} again", config.address());
        } else if (!reached && !unreachable) {
            log.warn("STATSD: {} (logged once until a push succeeds)", failure);
        }
        unreachable = !reached;
    }

    /** A connected socket, as Go's {@code net.Dial("udp", …)}: resolved afresh each push, so DNS changes count. */
    private static DatagramChannel connect(String address) throws IOException {
        InetSocketAddress target = parse(address);
        if (target.isUnresolved()) {
            throw new IOException("cannot resolve " + target.getHostString());
        }
        DatagramChannel socket = DatagramChannel.open();
        try {
            return socket.connect(target);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** {@code host:port} or {@code [v6]:port}, looked up now. */
    static InetSocketAddress parse(String address) {
        SocketAddresses.HostPort split = SocketAddresses.splitHostPort(address);
        return new InetSocketAddress(split.host(), split.port());
    }

    /** Stops pushing; a push under way sends its remaining datagrams at once before the thread ends. */
    @Override
    public void close() {
        closing.countDown();
        scheduler.shutdown();
        try {
            if (!scheduler.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)) {
                scheduler.shutdownNow();
            }
        } catch (InterruptedException e) {
            scheduler.shutdownNow();
            Thread.currentThread().interrupt();
        }
        log.info("STATSD: closing");
    }
}
