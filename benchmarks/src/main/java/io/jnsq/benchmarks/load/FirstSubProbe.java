package io.jnsq.benchmarks.load;

import io.jnsq.testclient.FrameReader;
import io.jnsq.testclient.V2Commands;
import io.jnsq.testclient.V2Connection;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * What the first {@code SUB} to a topic with a backlog and no channel yet costs: how long until its
 * {@code OK}, and what a publisher on another connection sees meanwhile.
 *
 * <p>One connection publishes one {@code PUB} per round trip for the whole probe and records every
 * round trip. After {@code --before} of that (the baseline), a second connection sends {@code IDENTIFY}
 * (feature negotiation and a heartbeat interval, as go-nsq's consumers do), then {@code SUB topic channel},
 * and times the {@code OK}. It sends no {@code RDY}, so nothing is delivered: what is measured is the
 * subscription alone. Publishing goes on until {@code --window} after the {@code SUB} was sent (and at
 * least until its {@code OK}). The report gives the {@code SUB}-to-{@code OK} time and the slowest
 * {@code PUB} round trip that overlaps the window (answered after the {@code SUB} was sent, sent before
 * the window ended), so a publish stalled across the {@code SUB} counts in full.
 *
 * <p>The last line, {@code result key=value ...}, is for scripts ({@code benchmarks/scripts/first-sub.sh}).
 * Exit codes: 0 after a probe, 1 when it failed, 2 for bad flags.
 */
public final class FirstSubProbe {

    static final String USAGE = """
            usage: java -cp benchmarks.jar io.jnsq.benchmarks.load.FirstSubProbe [options]

            Times the first SUB to a topic (fill it first, with no channel) while another connection
            publishes one PUB per round trip, against any nsqd on a loopback address.

              --address=HOST:PORT        nsqd's TCP address, loopback only (default 127.0.0.1:4150)
              --topic=NAME               (default sub_bench, bench_writer's default)
              --channel=NAME             the channel SUB creates (default ch)
              --size=BYTES               PUB body size (default 200)
              --before=TIME              publishing before the SUB is sent: the baseline (default 1s)
              --window=TIME              publishing measured after the SUB is sent (default 2s)
              --heartbeat-interval=TIME  the subscriber's IDENTIFY heartbeat_interval (default 30s, go-nsq's)
              --timeout=TIME             longest wait for any answer before the probe fails (default 60s)
              --help                     this text
            """;

    /** How often a blocked read comes back to check the clock. */
    private static final int POLL_MILLIS = 100;
    private static final String USER_AGENT = "jnsq-first-sub-probe/1";
    private static final Set<String> FLAGS = Set.of("address", "topic", "channel", "size", "before", "window",
            "heartbeat-interval", "timeout", "help");

    private FirstSubProbe() {
    }

    record Options(InetSocketAddress address, String topic, String channel, int size, Duration before,
                   Duration window, Duration heartbeatInterval, Duration timeout) {

        /** @throws IllegalArgumentException naming the bad flag; {@code null} when help was asked for */
        static Options parse(String... args) {
            Map<String, String> flags = new HashMap<>();
            for (String arg : args) {
                if (!arg.startsWith("--")) {
                    throw new IllegalArgumentException("unexpected argument " + arg);
                }
                int equals = arg.indexOf('=');
                String name = equals < 0 ? arg.substring(2) : arg.substring(2, equals);
                if (!FLAGS.contains(name)) {
                    throw new IllegalArgumentException("unknown flag --" + name);
                }
                if (equals < 0 && !name.equals("help")) {
                    throw new IllegalArgumentException("--" + name + " needs a value: --" + name + "=...");
                }
                flags.put(name, equals < 0 ? "true" : arg.substring(equals + 1));
            }
            if (flags.containsKey("help")) {
                return null;
            }
            int size;
            try {
                size = Integer.parseInt(flags.getOrDefault("size", "200"));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--size must be a number, got " + flags.get("size"));
            }
            if (size < 1 || size > 1024 * 1024) {
                throw new IllegalArgumentException("--size must be in [1,1048576], got " + size);
            }
            Options options = new Options(LoadOptions.loopback(flags.getOrDefault("address", "127.0.0.1:4150")),
                    flags.getOrDefault("topic", "sub_bench"), flags.getOrDefault("channel", "ch"), size,
                    positive(flags, "before", "1s"), positive(flags, "window", "2s"),
                    positive(flags, "heartbeat-interval", "30s"), positive(flags, "timeout", "60s"));
            if (options.before.plus(options.window).toSeconds() > LoadOptions.MAX_DURATION_SECONDS) {
                throw new IllegalArgumentException("--before plus --window must be at most " + LoadOptions.MAX_DURATION_SECONDS + "s");
            }
            return options;
        }

        private static Duration positive(Map<String, String> flags, String name, String fallback) {
            Duration value = LoadOptions.duration(name, flags.getOrDefault(name, fallback));
            if (value.isZero() || value.isNegative() || value.toSeconds() > LoadOptions.MAX_DURATION_SECONDS) {
                throw new IllegalArgumentException("--" + name + " must be positive and at most " + LoadOptions.MAX_DURATION_SECONDS + "s");
            }
            return value;
        }

        String describe() {
            return "address=" + address.getHostString() + ":" + address.getPort() + " topic=" + topic + " channel=" + channel
                    + " size=" + size + " before=" + before.toMillis() + "ms window=" + window.toMillis()
                    + "ms heartbeat-interval=" + heartbeatInterval.toMillis() + "ms";
        }
    }

    /** Round trips in nanoseconds; {@code windowCount} PUBs overlapped the window. */
    record Result(long identifyNanos, long subToOkNanos, long beforeCount, long beforeP50Nanos, long beforeMaxNanos,
                  long windowCount, long windowP50Nanos, long windowMaxNanos) {
    }

    public static void main(String[] args) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("first-sub probe: " + e.getMessage());
            System.err.println("run with --help for the flags");
            System.exit(2);
            return;
        }
        if (options == null) {
            System.out.print(USAGE);
            return;
        }
        System.exit(run(options, System.out) != null ? 0 : 1);
    }

    /** Runs the probe and prints its report; {@code null} when it failed. */
    static Result run(Options options, PrintStream report) {
        report.println("first-sub probe: " + options.describe());
        Publisher publisher = new Publisher(options);
        Thread thread = new Thread(publisher, "first-sub-publisher");
        thread.setDaemon(true);
        thread.start();
        try {
            Result result = probe(options, publisher, thread);
            print(options, result, report);
            return result;
        } catch (IOException e) {
            report.println("FAILED: " + e.getMessage());
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            report.println("FAILED: interrupted");
            return null;
        } finally {
            publisher.stop = true;
            publisher.close();
        }
    }

    private static Result probe(Options options, Publisher publisher, Thread thread) throws IOException, InterruptedException {
        long timeoutNanos = options.timeout.toNanos();
        if (!publisher.firstOk.await(timeoutNanos, TimeUnit.NANOSECONDS)) {
            throw new IOException("the publisher had no OK within " + options.timeout.toMillis() + " ms");
        }
        publisher.check();
        long subscribeAt = System.nanoTime() + options.before.toNanos();
        try (V2Connection link = Upgrades.NONE.open(options.address, POLL_MILLIS, USER_AGENT)) {
            OutputStream out = link.out();
            FrameReader frames = link.frames();
            // connect and IDENTIFY during the baseline: only the SUB is timed
            long identifySent = System.nanoTime();
            out.write(V2Commands.identify(identifyJson(options)));
            out.flush();
            response(frames, out, publisher, identifySent + timeoutNanos, "IDENTIFY");
            long identifyNanos = System.nanoTime() - identifySent;
            idle(frames, out, publisher, subscribeAt);

            long subSent = System.nanoTime();
            out.write(V2Commands.sub(options.topic, options.channel));
            out.flush();
            String answer = response(frames, out, publisher, subSent + timeoutNanos, "SUB");
            long subOk = System.nanoTime();
            if (!answer.equals("OK")) {
                throw new IOException("SUB answered " + answer + " instead of OK");
            }
            long windowEnd = subSent + options.window.toNanos();
            idle(frames, out, publisher, windowEnd);
            publisher.stop = true;
            thread.join(TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + 5_000);
            if (thread.isAlive()) {
                throw new IOException("the publisher did not stop");
            }
            publisher.check();
            return publisher.result(identifyNanos, subSent, subOk - subSent, windowEnd);
        }
    }

    private static String identifyJson(Options options) {
        return "{\"client_id\":\"first-sub-probe\",\"hostname\":\"localhost\",\"user_agent\":\"" + USER_AGENT
                + "\",\"feature_negotiation\":true,\"heartbeat_interval\":" + options.heartbeatInterval.toMillis() + "}";
    }

    /** The next response that is not a heartbeat (answered with NOP); an error frame fails. */
    private static String response(FrameReader frames, OutputStream out, Publisher publisher, long deadline, String command)
            throws IOException {
        while (true) {
            if (!nextFrame(frames, publisher, deadline, command)) {
                continue;
            }
            if (frames.isHeartbeat()) {
                out.write(V2Commands.NOP);
                out.flush();
            } else if (frames.isError()) {
                throw new IOException(command + " refused: " + frames.text());
            } else if (frames.isMessage()) {
                throw new IOException("a message arrived without RDY");
            } else {
                return frames.text();
            }
        }
    }

    /** Until {@code until}: answers heartbeats, fails on anything else the subscriber is sent. */
    private static void idle(FrameReader frames, OutputStream out, Publisher publisher, long until) throws IOException {
        while (System.nanoTime() - until < 0) {
            if (!nextFrame(frames, publisher, Long.MAX_VALUE, "nothing")) {
                continue;
            }
            frames.answerHeartbeatOrFail(out, "unexpected frame for the subscriber: ");
        }
    }

    /** One read of at most {@link #POLL_MILLIS}: true with a frame, false when the read timed out. */
    private static boolean nextFrame(FrameReader frames, Publisher publisher, long deadline, String waitingFor)
            throws IOException {
        publisher.check();
        if (deadline != Long.MAX_VALUE && System.nanoTime() - deadline > 0) {
            throw new IOException("no answer to " + waitingFor + " within the timeout");
        }
        try {
            if (!frames.next()) {
                throw new IOException("nsqd closed the subscriber's connection waiting for " + waitingFor);
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        }
    }

    private static void print(Options options, Result result, PrintStream report) {
        report.println(String.format(Locale.ROOT, "identify     %.3f ms (before the SUB, not counted)", millis(result.identifyNanos)));
        report.println(String.format(Locale.ROOT, "SUB -> OK    %.3f ms", millis(result.subToOkNanos)));
        report.println(String.format(Locale.ROOT, "PUB before   %,d round trips in the %d ms before SUB: p50 %.3f ms, max %.3f ms",
                result.beforeCount, options.before.toMillis(), millis(result.beforeP50Nanos), millis(result.beforeMaxNanos)));
        report.println(String.format(Locale.ROOT, "PUB window   %,d round trips overlapping the %d ms after SUB was sent: p50 %.3f ms, max %.3f ms",
                result.windowCount, options.window.toMillis(), millis(result.windowP50Nanos), millis(result.windowMaxNanos)));
        report.println(String.format(Locale.ROOT,
                "result sub_ok_ms=%.3f pub_window_max_ms=%.3f pub_window_p50_ms=%.3f pub_window_count=%d pub_before_p50_ms=%.3f pub_before_max_ms=%.3f pub_before_count=%d",
                millis(result.subToOkNanos), millis(result.windowMaxNanos), millis(result.windowP50Nanos), result.windowCount,
                millis(result.beforeP50Nanos), millis(result.beforeMaxNanos), result.beforeCount));
    }

    private static double millis(long nanos) {
        return nanos / 1e6;
    }

    /** The publishing connection: one PUB per round trip until stopped, every send and answer time kept. */
    private static final class Publisher implements Runnable {

        private final Options options;
        final CountDownLatch firstOk = new CountDownLatch(1);
        volatile boolean stop;
        private volatile IOException failure;
        private volatile V2Connection link;
        private long[] sent = new long[1 << 16];
        private long[] answered = new long[1 << 16];
        private int count;

        Publisher(Options options) {
            this.options = options;
        }

        @Override
        public void run() {
            long timeoutNanos = options.timeout.toNanos();
            try (V2Connection opened = Upgrades.NONE.open(options.address, POLL_MILLIS, USER_AGENT)) {
                link = opened;
                OutputStream out = opened.out();
                FrameReader frames = opened.frames();
                out.write(V2Commands.identify(Upgrades.plainIdentifyJson(USER_AGENT)));
                out.flush();
                awaitOk(frames, out, System.nanoTime() + timeoutNanos, "IDENTIFY");
                byte[] pub = PublishBatch.of(options.topic, 1, options.size).stamped();
                while (!stop) {
                    long sentAt = System.nanoTime();
                    out.write(pub);
                    out.flush();
                    awaitOk(frames, out, sentAt + timeoutNanos, "a PUB");
                    record(sentAt, System.nanoTime());
                    firstOk.countDown();
                }
            } catch (IOException e) {
                if (!stop) {
                    failure = e;
                }
            } catch (RuntimeException e) {
                failure = new IOException("publisher: " + e, e);
            } finally {
                firstOk.countDown();
            }
        }

        private void awaitOk(FrameReader frames, OutputStream out, long deadline, String what) throws IOException {
            while (true) {
                try {
                    if (!frames.next()) {
                        throw new IOException("nsqd closed the publisher's connection waiting for the answer to " + what);
                    }
                } catch (SocketTimeoutException e) {
                    if (System.nanoTime() - deadline > 0) {
                        throw new IOException("no answer to " + what + " within " + options.timeout.toMillis() + " ms");
                    }
                    continue;
                }
                if (frames.isOk()) {
                    return;
                }
                frames.answerHeartbeatOrFail(out, what + " refused: ");
            }
        }

        private void record(long sentAt, long answeredAt) {
            if (count == sent.length) {
                sent = Arrays.copyOf(sent, 2 * count);
                answered = Arrays.copyOf(answered, 2 * count);
            }
            sent[count] = sentAt;
            answered[count] = answeredAt;
            count++;
        }

        /** Throws what ended the publisher early, if anything did. */
        void check() throws IOException {
            IOException e = failure;
            if (e != null) {
                throw new IOException("publisher failed: " + e.getMessage(), e);
            }
        }

        /** Called after the publisher thread ended: its arrays are complete and visible (join). */
        Result result(long identifyNanos, long subSent, long subToOkNanos, long windowEnd) {
            return summarize(sent, answered, count, identifyNanos, subSent, subToOkNanos, windowEnd);
        }

        void close() {
            V2Connection opened = link;
            if (opened != null) {
                try {
                    opened.close();
                } catch (IOException ignored) {
                    // closing to unblock; nothing to report
                }
            }
        }
    }

    /**
     * Splits the publisher's round trips ({@code sent[i]} to {@code answered[i]}, nanoTime) into those
     * answered before the SUB was sent (the baseline) and those overlapping the window
     * {@code [subSent, windowEnd)}: answered after the SUB was sent and sent before the window ended.
     * Later ones count in neither.
     */
    static Result summarize(long[] sent, long[] answered, int count, long identifyNanos, long subSent, long subToOkNanos,
                            long windowEnd) {
        long[] before = new long[count];
        long[] window = new long[count];
        int beforeCount = 0;
        int windowCount = 0;
        for (int i = 0; i < count; i++) {
            long roundTrip = answered[i] - sent[i];
            if (answered[i] - subSent < 0) {
                before[beforeCount++] = roundTrip;
            } else if (sent[i] - windowEnd < 0) {
                window[windowCount++] = roundTrip;
            }
        }
        Arrays.sort(before, 0, beforeCount);
        Arrays.sort(window, 0, windowCount);
        return new Result(identifyNanos, subToOkNanos, beforeCount, median(before, beforeCount),
                beforeCount == 0 ? 0 : before[beforeCount - 1], windowCount, median(window, windowCount),
                windowCount == 0 ? 0 : window[windowCount - 1]);
    }

    /** The lower median of the first {@code length} sorted values; 0 for none. */
    private static long median(long[] sorted, int length) {
        return length == 0 ? 0 : sorted[(length - 1) / 2];
    }
}
