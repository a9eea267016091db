package io.jnsq.nsqd;

import io.jnsq.broker.wire.WireClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile and careless clients against nsqd in a child JVM with a small fixed heap, started with the
 * JVM options the README gives: memory is the point, so each case must hold where the heap could not
 * hold what the client asks for.
 */
@Timeout(90)
class ResourcePressureTest {

    private static final List<String> SMALL_HEAP = List.of("-Xmx96m", "-Xms96m", "-XX:+ExitOnOutOfMemoryError");
    private static final Pattern HEAP_IN_USE = Pattern.compile("\"heap_in_use_bytes\":(\\d+)");

    @TempDir
    Path dataPath;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /**
     * Pipelines PUBs and never reads a reply. Unbounded, the replies alone would fill the heap within a
     * million PUBs (an outbound entry each); nsqd stops reading once its writes block and drops the client
     * at the write deadline, one heartbeat interval.
     */
    @Test
    void publisherThatNeverReadsIsThrottledThenDroppedAtTheWriteDeadline() throws Exception {
        try (NsqdProcess nsqd = NsqdProcess.startWithJvmOptions(SMALL_HEAP, args())) {
            InetSocketAddress tcp = nsqd.awaitTcpAddress();
            InetSocketAddress httpAddress = nsqd.awaitHttpAddress();
            int linesBefore = nsqd.output().size();

            AtomicLong sent = new AtomicLong();
            long started = System.nanoTime();
            CompletableFuture<IOException> publisher;
            try (Socket socket = new Socket()) {
                socket.setReceiveBufferSize(8192); // less for the kernel to hold: fewer PUBs before reading stops
                socket.connect(tcp, 5000);
                publisher = CompletableFuture.supplyAsync(() -> publishWithoutReading(socket, sent));
                IOException dropped = publisher.get(45, TimeUnit.SECONDS);
                long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
                assertTrue(dropped != null, "the publisher was never dropped");
                System.out.println("never-reading publisher: " + sent.get() + " PUBs written before the drop after ~"
                        + seconds + " s (" + dropped + ")");
            }
            assertTrue(sent.get() < PUB_LIMIT, "reading never stopped: " + sent.get() + " PUBs taken");

            // others are served, and the heap is what an idle broker uses
            try (WireClient other = WireClient.connect(tcp)) {
                other.pub("others", "still served").expectResponse("OK");
            }
            assertEquals("OK", get(httpAddress, "/ping"));
            long heap = heapInUse(httpAddress);
            System.out.println("never-reading publisher: heap in use afterwards " + heap / (1024 * 1024) + " MiB");
            assertTrue(heap < 80L * 1024 * 1024, "heap in use " + heap);

            // lines are written by the logging thread, a moment after they are logged
            await().atMost(Duration.ofSeconds(5)).until(() -> nsqd.output().stream().skip(linesBefore)
                    .anyMatch(line -> line.contains("write deadline (1000 ms) passed")));
            List<String> lines = nsqd.output().subList(linesBefore, nsqd.output().size());
            System.out.println("never-reading publisher: " + lines.size() + " log lines: " + lines);
            assertTrue(lines.size() < 20, "log lines: " + lines.size());
            assertFalse(nsqd.output().stream().anyMatch(line -> line.contains("started without -XX:+ExitOnOutOfMemoryError")));
            assertNoLeak(nsqd);
        }
    }

    private static final long PUB_LIMIT = 3_000_000;

    /** IDENTIFY with a 1 s heartbeat (so a 1 s write deadline), then PUBs until the write fails. */
    private static IOException publishWithoutReading(Socket socket, AtomicLong sent) {
        byte[] identify = WireClient.commandWithBody("IDENTIFY", "{\"heartbeat_interval\":1000}".getBytes(StandardCharsets.US_ASCII));
        byte[] pub = WireClient.commandWithBody("PUB flood#ephemeral", new byte[100]);
        byte[] batch = new byte[pub.length * 1000];
        for (int i = 0; i < 1000; i++) {
            System.arraycopy(pub, 0, batch, i * pub.length, pub.length);
        }
        try {
            OutputStream out = socket.getOutputStream();
            out.write(WireClient.MAGIC_V2);
            out.write(identify);
            while (sent.get() < PUB_LIMIT) {
                out.write(batch);
                sent.addAndGet(1000);
            }
            return null;
        } catch (IOException dropped) {
            return dropped;
        }
    }

    /**
     * 300 connections each declare an MPUB of 1,048,575 messages and send no body: ~6 KB in all, which
     * must cost no more than the bytes that arrived.
     */
    @Test
    void hostileMpubHeadersCostOnlyWhatArrived() throws Exception {
        try (NsqdProcess nsqd = NsqdProcess.startWithJvmOptions(SMALL_HEAP, args())) {
            InetSocketAddress tcp = nsqd.awaitTcpAddress();
            InetSocketAddress httpAddress = nsqd.awaitHttpAddress();
            ByteBuffer header = ByteBuffer.allocate(4 + 7 + 8);
            header.put(WireClient.MAGIC_V2).put("MPUB t\n".getBytes(StandardCharsets.US_ASCII))
                    .putInt(5 * 1024 * 1024).putInt(1_048_575);
            List<WireClient> hostile = new ArrayList<>();
            try {
                for (int i = 0; i < 300; i++) {
                    hostile.add(WireClient.connectRaw(tcp).write(header.array()));
                }
                try (WireClient other = WireClient.connect(tcp)) {
                    other.pub("others", "still served").expectResponse("OK");
                }
                assertEquals("OK", get(httpAddress, "/ping"));
                long heap = heapInUse(httpAddress);
                System.out.println("300 hostile MPUB headers: heap in use " + heap / (1024 * 1024) + " MiB");
                assertTrue(nsqd.process().isAlive());
                try (WireClient other = WireClient.connect(tcp)) {
                    other.pub("others", "still served").expectResponse("OK");
                }
                // SIGTERM with the 300 still connected: a clean stop, promptly
                long signalled = System.nanoTime();
                nsqd.process().destroy();
                assertTrue(nsqd.process().waitFor(10, TimeUnit.SECONDS), "SIGTERM not honoured");
                System.out.println("300 hostile MPUB headers: SIGTERM to exit "
                        + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - signalled) + " ms");
                assertEquals(0, nsqd.process().exitValue(), () -> String.join("\n", nsqd.output()));
            } finally {
                for (WireClient client : hostile) {
                    client.close();
                }
            }
            assertNoLeak(nsqd);
        }
    }

    /**
     * An MPUB whose declared body size (100 bytes) is a lie, followed by 1 MiB messages, each within
     * --max-msg-size: refused once the running total passes --max-body-size, long before the heap is gone.
     */
    @Test
    void mpubOutgrowingMaxBodySizeIsRefused() throws Exception {
        try (NsqdProcess nsqd = NsqdProcess.startWithJvmOptions(SMALL_HEAP, args())) {
            InetSocketAddress tcp = nsqd.awaitTcpAddress();
            try (WireClient liar = WireClient.connect(tcp)) {
                CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> sendOversizedMpub(liar));
                liar.expectFatal("E_BAD_BODY MPUB body too big 5242904 > 5242880");
                writer.get(20, TimeUnit.SECONDS);
            }
            try (WireClient other = WireClient.connect(tcp)) {
                other.pub("others", "still served").expectResponse("OK");
            }
            assertTrue(nsqd.process().isAlive());
            assertNoLeak(nsqd);
        }
    }

    private static void sendOversizedMpub(WireClient client) {
        byte[] message = new byte[4 + 1024 * 1024];
        ByteBuffer.wrap(message).putInt(1024 * 1024);
        try {
            ByteBuffer header = ByteBuffer.allocate(7 + 8);
            header.put("MPUB t\n".getBytes(StandardCharsets.US_ASCII)).putInt(100).putInt(450);
            client.write(header.array());
            for (int i = 0; i < 450; i++) {
                client.write(message);
            }
        } catch (IOException refusedAndClosed) {
            // expected once the refusal closes the connection
        }
    }

    /**
     * A heap too small for what is published into memory: the JVM exits at once, saying why, rather than
     * living on with dead threads (no TCP, no /ping, SIGTERM unanswered).
     */
    @Test
    void outOfMemoryEndsTheProcess() throws Exception {
        try (NsqdProcess nsqd = NsqdProcess.startWithJvmOptions(List.of("-Xmx48m", "-XX:+ExitOnOutOfMemoryError"),
                args("--mem-queue-size=100000000"))) {
            InetSocketAddress tcp = nsqd.awaitTcpAddress();
            byte[] body = new byte[64 * 1024];
            long started = System.nanoTime();
            int published = 0;
            try (WireClient publisher = WireClient.connect(tcp)) {
                List<byte[]> batch = new ArrayList<>();
                for (int i = 0; i < 16; i++) {
                    batch.add(body);
                }
                while (published < 10_000) { // 640 MiB, far beyond the heap
                    publisher.sendWithBody("MPUB hoard", WireClient.mpubBody(batch)).expectResponse("OK");
                    published += batch.size();
                }
            } catch (IOException | AssertionError gone) {
                // the process ended under us
            }
            assertTrue(nsqd.process().waitFor(20, TimeUnit.SECONDS), "still running after OutOfMemoryError");
            long seconds = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            System.out.println("out of memory: exit " + nsqd.process().exitValue() + " after " + published
                    + " messages of 64 KiB, " + seconds + " ms after the first publish");
            assertNotEquals(0, nsqd.process().exitValue());
            await().atMost(Duration.ofSeconds(5)).until(() -> nsqd.output().stream()
                    .anyMatch(line -> line.contains("Terminating due to java.lang.OutOfMemoryError")));
        }
    }

    /**
     * A consumer repeating a refused command: nsqd logs each refusal; jnsq logs at most 10 a second per
     * connection and then how many it left out.
     */
    @Test
    void repeatedRefusalsAreLoggedAFewTimesThenCounted() throws Exception {
        try (NsqdProcess nsqd = NsqdProcess.startWithJvmOptions(SMALL_HEAP, args())) {
            InetSocketAddress tcp = nsqd.awaitTcpAddress();
            int refusals = 5000;
            byte[] fins = "FIN 0123456789abcdef\n".repeat(refusals).getBytes(StandardCharsets.US_ASCII);
            int linesBefore;
            try (WireClient consumer = WireClient.connect(tcp)) {
                consumer.subscribe("t", "c");
                linesBefore = nsqd.output().size();
                CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                    try {
                        consumer.write(fins);
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
                for (int i = 0; i < refusals; i++) {
                    String text = consumer.readFrame().text();
                    assertTrue(text.startsWith("E_FIN_FAILED FIN 0123456789abcdef failed"), text);
                }
                writer.get(20, TimeUnit.SECONDS);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> nsqd.output().stream().anyMatch(line -> line.contains("exiting ioloop")));
            List<String> lines = List.copyOf(nsqd.output().subList(linesBefore, nsqd.output().size()));
            long refusalLines = lines.stream().filter(line -> line.contains("E_FIN_FAILED")).count();
            System.out.println("repeated refusals: " + refusals + " refused FINs, " + refusalLines + " logged; "
                    + lines.stream().filter(line -> line.contains("suppressed")).toList());
            assertTrue(refusalLines <= 10 * 21, "refusal lines: " + refusalLines); // 10 a second, 20 s at most
            assertTrue(lines.stream().anyMatch(line -> line.contains("suppressed")), lines.toString());
            assertNoLeak(nsqd);
        }
    }

    private String[] args(String... more) {
        List<String> args = new ArrayList<>(List.of("--tcp-address=127.0.0.1:0", "--http-address=127.0.0.1:0",
                "--data-path=" + dataPath));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    private String get(InetSocketAddress address, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + address.getPort() + path))
                .timeout(Duration.ofSeconds(10)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString()).body();
    }

    private long heapInUse(InetSocketAddress address) throws Exception {
        Matcher heap = HEAP_IN_USE.matcher(get(address, "/stats?format=json&include_mem=true"));
        assertTrue(heap.find(), "no heap_in_use_bytes in /stats");
        return Long.parseLong(heap.group(1));
    }

    private static void assertNoLeak(NsqdProcess nsqd) {
        assertFalse(nsqd.output().stream().anyMatch(line -> line.contains("LEAK:")), () -> String.join("\n", nsqd.output()));
    }
}
