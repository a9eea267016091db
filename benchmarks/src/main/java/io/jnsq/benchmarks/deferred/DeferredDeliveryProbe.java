package io.jnsq.benchmarks.deferred;

import io.jnsq.testclient.FrameReader;
import io.jnsq.testclient.V2Commands;
import io.jnsq.testclient.V2Connection;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes a large number of deferred messages (DPUB) to a running nsqd, most of them due hours or days
 * later, a sample due within the run; a consumer reads the sample as it comes due and reports how late
 * (never how early: any early one is counted) each arrived. What {@code deferred-memory.sh} drives
 * to measure the heap a deferred message costs with {@code --durable-deferral}.
 *
 * <pre>java -cp benchmarks.jar io.jnsq.benchmarks.deferred.DeferredDeliveryProbe --address=127.0.0.1:4150 \
 *     --count=5000000 --size=200 --sample=10000 --sample-min-ms=30000 --sample-max-ms=90000</pre>
 *
 * Prints {@code PUBLISHED ...} once every DPUB is answered, then {@code SAMPLE ...} once the sample has
 * arrived (or {@code --wait-ms} after its last due time).
 */
public final class DeferredDeliveryProbe {

    private static final long MILLI = TimeUnit.MILLISECONDS.toNanos(1);

    private final InetSocketAddress address;
    private final String topic;
    private final int count;
    private final int size;
    private final int sample;
    private final long sampleMinMillis;
    private final long sampleMaxMillis;
    private final long longMinMillis;
    private final long longMaxMillis;
    private final int batch;
    private final long waitMillis;
    /** Due times of the sample by index, this JVM's nanoTime. */
    private final Map<Integer, Long> sampleDue = new ConcurrentHashMap<>();
    private final Map<Integer, Long> sampleArrived = new ConcurrentHashMap<>();
    private final AtomicLong unexpected = new AtomicLong();

    private DeferredDeliveryProbe(Map<String, String> flags) {
        String[] hostPort = flags.getOrDefault("address", "127.0.0.1:4150").split(":");
        this.address = new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1]));
        this.topic = flags.getOrDefault("topic", "deferred");
        this.count = Integer.parseInt(flags.getOrDefault("count", "5000000"));
        this.size = Integer.parseInt(flags.getOrDefault("size", "200"));
        this.sample = Integer.parseInt(flags.getOrDefault("sample", "10000"));
        this.sampleMinMillis = Long.parseLong(flags.getOrDefault("sample-min-ms", "30000"));
        this.sampleMaxMillis = Long.parseLong(flags.getOrDefault("sample-max-ms", "90000"));
        this.longMinMillis = Long.parseLong(flags.getOrDefault("long-min-ms", "3600000"));
        this.longMaxMillis = Long.parseLong(flags.getOrDefault("long-max-ms", "604800000"));
        this.batch = Integer.parseInt(flags.getOrDefault("batch", "500"));
        this.waitMillis = Long.parseLong(flags.getOrDefault("wait-ms", "60000"));
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> flags = new HashMap<>();
        for (String arg : args) {
            String[] pair = arg.replaceFirst("^--", "").split("=", 2);
            flags.put(pair[0], pair.length > 1 ? pair[1] : "true");
        }
        new DeferredDeliveryProbe(flags).run();
    }

    private void run() throws Exception {
        Thread consumer = new Thread(this::consume, "probe-consumer");
        consumer.setDaemon(true);
        consumer.start();
        long start = System.nanoTime();
        publish();
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("PUBLISHED %d DPUBs of %d bytes in %.1f s (%.0f/s), %d of them due within %d-%d s%n",
                count, size, seconds, count / seconds, sample, sampleMinMillis / 1000, sampleMaxMillis / 1000);
        System.out.flush();
        long lastDue = sampleDue.values().stream().mapToLong(Long::longValue).max().orElse(System.nanoTime());
        while (sampleArrived.size() < sampleDue.size() && System.nanoTime() - lastDue < waitMillis * MILLI) {
            TimeUnit.MILLISECONDS.sleep(100);
        }
        long[] late = new long[sampleArrived.size()];
        int early = 0;
        int i = 0;
        for (Map.Entry<Integer, Long> arrived : sampleArrived.entrySet()) {
            long lateness = arrived.getValue() - sampleDue.get(arrived.getKey());
            if (lateness < 0) {
                early++;
            }
            late[i++] = lateness;
        }
        Arrays.sort(late);
        System.out.printf("SAMPLE %d of %d arrived, %d early, %d unexpected (not due yet); late by p50 %d ms, p99 %d ms,"
                        + " max %d ms%n", sampleArrived.size(), sampleDue.size(), early, unexpected.get(),
                percentile(late, 0.5), percentile(late, 0.99), late.length == 0 ? -1 : late[late.length - 1] / MILLI);
    }

    private static long percentile(long[] sorted, double quantile) {
        return sorted.length == 0 ? -1 : sorted[(int) Math.min(sorted.length - 1, Math.floor(sorted.length * quantile))] / MILLI;
    }

    /** Batches of DPUBs, each one write; at most a few batches unanswered, read on their own thread. */
    private void publish() throws Exception {
        Random random = new Random(42);
        int sampleEvery = sample == 0 ? Integer.MAX_VALUE : Math.max(1, count / sample);
        Semaphore outstanding = new Semaphore(8 * batch);
        AtomicLong answered = new AtomicLong();
        try (V2Connection connection = V2Connection.connect(address, V2Connection.Options.bulk(0))) {
            OutputStream out = connection.out();
            Thread reader = new Thread(() -> readAnswers(connection.frames(), out, outstanding, answered), "probe-answers");
            reader.setDaemon(true);
            reader.start();
            int sampled = 0;
            for (int first = 0; first < count; first += batch) {
                ByteArrayOutputStream commands = new ByteArrayOutputStream(batch * (size + 40));
                int last = Math.min(count, first + batch);
                long sent = System.nanoTime();
                for (int i = first; i < last; i++) {
                    boolean inSample = i % sampleEvery == 0 && sampled < sample;
                    long delay;
                    String prefix;
                    if (inSample) {
                        delay = sampleMinMillis + (long) (random.nextDouble() * (sampleMaxMillis - sampleMinMillis));
                        prefix = "S" + sampled + "|";
                        sampleDue.put(sampled, sent + delay * MILLI);
                        sampled++;
                    } else {
                        delay = longMinMillis + (long) (random.nextDouble() * (longMaxMillis - longMinMillis));
                        prefix = "L" + i + "|";
                    }
                    byte[] body = new byte[size];
                    Arrays.fill(body, (byte) 'x');
                    byte[] head = prefix.getBytes(StandardCharsets.US_ASCII);
                    System.arraycopy(head, 0, body, 0, Math.min(head.length, size));
                    commands.writeBytes(V2Commands.withBody("DPUB " + topic + " " + delay, body));
                }
                outstanding.acquire(last - first);
                synchronized (out) {
                    out.write(commands.toByteArray());
                }
            }
            while (answered.get() < count) {
                TimeUnit.MILLISECONDS.sleep(10);
            }
        }
    }

    /** OKs, and heartbeats (answered with NOP: a publish of millions outlasts two heartbeat intervals). */
    private void readAnswers(FrameReader frames, OutputStream out, Semaphore outstanding, AtomicLong answered) {
        try {
            while (frames.next()) {
                if (frames.isHeartbeat()) {
                    synchronized (out) {
                        out.write(V2Commands.NOP);
                    }
                    continue;
                }
                if (!frames.isOk()) {
                    System.err.println("publisher got " + frames.type() + " " + frames.text());
                    System.exit(1);
                }
                answered.incrementAndGet();
                outstanding.release();
            }
        } catch (IOException closed) {
            // done
        }
    }

    private void consume() {
        try (V2Connection connection = V2Connection.connect(address, V2Connection.Options.bulk(0))) {
            OutputStream out = connection.out();
            out.write(V2Commands.sub(topic, "c"));
            out.write(V2Commands.rdy(2500));
            FrameReader frames = connection.frames();
            byte[] fin = new byte[V2Commands.FIN_LENGTH];
            while (frames.next()) {
                if (frames.isHeartbeat()) {
                    out.write(V2Commands.NOP);
                } else if (frames.isMessage()) {
                    long at = System.nanoTime();
                    String body = new String(frames.bytes(), frames.bodyOffset(),
                            Math.min(24, frames.bodyLength()), StandardCharsets.US_ASCII);
                    if (body.startsWith("S")) {
                        sampleArrived.putIfAbsent(Integer.parseInt(body.substring(1, body.indexOf('|'))), at);
                    } else {
                        unexpected.incrementAndGet();
                    }
                    V2Commands.fin(fin, 0, frames.bytes(), frames.idOffset());
                    out.write(fin);
                } else if (frames.isError()) {
                    System.err.println("consumer got " + frames.text());
                }
            }
        } catch (IOException closed) {
            // done
        }
    }
}
