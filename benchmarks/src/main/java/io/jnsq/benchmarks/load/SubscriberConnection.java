package io.jnsq.benchmarks.load;

import io.jnsq.testclient.FrameReader;
import io.jnsq.testclient.V2Commands;
import io.jnsq.testclient.V2Connection;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One bench_reader connection: IDENTIFY, SUB, RDY, then FIN for every message. FINs are gathered and
 * written when the socket has nothing more buffered to read, so a burst of deliveries costs one write.
 * With latency on, each message's first 8 body bytes are the publisher's {@link System#nanoTime()} (with
 * a rate, the intended send time); messages stamped during the warm-up are not recorded.
 */
final class SubscriberConnection extends LoadConnection {

    /** Short, so the stop conditions are checked while no message arrives. */
    private static final int POLL_MILLIS = 250;
    /** IDENTIFY and SUB may take a while on a server that has just started (class loading, JIT). */
    private static final int SETUP_TIMEOUT_MILLIS = 10_000;
    private static final int COUNT_REPORT_EVERY = 1024;
    private static final long HIGHEST_LATENCY_NANOS = TimeUnit.MINUTES.toNanos(2);

    private final Histogram latency = new Histogram(HIGHEST_LATENCY_NANOS, 3);
    private final byte[] pending = new byte[64 * 1024];
    private int pendingLength;
    private volatile long messages;
    private volatile long lastMessageNanos;

    SubscriberConnection(InetSocketAddress address, LoadOptions options, RunControl control, CountDownLatch ready, CountDownLatch go) {
        super(address, options, control, ready, go, SETUP_TIMEOUT_MILLIS);
    }

    /** Subscribes once without RDY and leaves: creates the topic and channel so publishes queue there. */
    static void createChannel(InetSocketAddress address, String topic, String channel, Upgrades upgrades) throws IOException {
        try (V2Connection link = upgrades.open(address, SETUP_TIMEOUT_MILLIS, USER_AGENT)) {
            OutputStream out = link.out();
            out.write(V2Commands.sub(topic, channel));
            out.flush();
            link.expectOk("SUB");
            out.write(V2Commands.CLS);
            out.flush();
        }
    }

    long messages() {
        return messages;
    }

    long lastMessageNanos() {
        return lastMessageNanos;
    }

    Histogram latency() {
        return latency;
    }

    @Override
    void setUp(V2Connection link, FrameReader frames) throws IOException {
        OutputStream out = link.out();
        if (!options.upgrades().any()) { // else IDENTIFY went with the upgrades
            out.write(V2Commands.identify(Upgrades.plainIdentifyJson(USER_AGENT)));
        }
        out.write(V2Commands.sub(options.topic(), options.channel()));
        out.flush();
        if (!options.upgrades().any()) {
            link.expectOk("IDENTIFY");
        }
        link.expectOk("SUB");
    }

    @Override
    void exchange(V2Connection link, FrameReader frames) throws IOException {
        link.socket().setSoTimeout(POLL_MILLIS);
        link.out().write(V2Commands.rdy(options.rdy()));
        link.out().flush();
        consume(frames, link.out());
    }

    private void consume(FrameReader frames, OutputStream out) throws IOException {
        boolean recordLatency = options.measuresLatency() || options.sink();
        long count = 0;
        long reported = 0;
        long lastNanos = System.nanoTime();
        while (true) {
            if (!frames.hasBufferedFrame()) {
                flush(out);
                control.consumed(count - reported);
                reported = count;
                messages = count;
                lastMessageNanos = lastNanos;
                if (control.consumersDone(System.nanoTime() - lastNanos)) {
                    return;
                }
            }
            try {
                if (!frames.next()) {
                    throw new IOException("nsqd closed the connection");
                }
            } catch (SocketTimeoutException idle) {
                continue;
            }
            if (frames.isMessage()) {
                long now = System.nanoTime();
                lastNanos = now;
                if (recordLatency && frames.bodyLength() >= PublishBatch.STAMP_LENGTH) {
                    long stamp = frames.bodyLong();
                    if (control.recordsLatency(stamp)) {
                        latency.recordValue(Math.min(Math.max(0, now - stamp), HIGHEST_LATENCY_NANOS));
                    }
                }
                if (pendingLength + V2Commands.FIN_LENGTH > pending.length) {
                    flush(out);
                }
                V2Commands.fin(pending, pendingLength, frames.bytes(), frames.idOffset());
                pendingLength += V2Commands.FIN_LENGTH;
                if (++count - reported >= COUNT_REPORT_EVERY) {
                    control.consumed(count - reported);
                    reported = count;
                }
            } else if (frames.isHeartbeat()) {
                queue(V2Commands.NOP, out);
            } else if (frames.isError()) {
                throw new IOException("nsqd sent an error: " + frames.text());
            }
        }
    }

    private void queue(byte[] command, OutputStream out) throws IOException {
        if (pendingLength + command.length > pending.length) {
            flush(out);
        }
        System.arraycopy(command, 0, pending, pendingLength, command.length);
        pendingLength += command.length;
    }

    private void flush(OutputStream out) throws IOException {
        if (pendingLength > 0) {
            out.write(pending, 0, pendingLength);
            pendingLength = 0;
        }
    }
}
