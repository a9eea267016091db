package io.jnsq.nsqd;

import io.jnsq.broker.wire.WireClient;
import io.jnsq.broker.wire.WireClient.Delivery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * nsqd in its own JVM meeting a disk that stops taking writes, and a data path deleted under it.
 *
 * <p>The full disk is RLIMIT_FSIZE set through {@code prlimit} on the child: it needs neither root nor a
 * mount (a small tmpfs needs both), fails the write with EFBIG where a full disk fails it with ENOSPC
 * (the same path through the disk queue and the broker), and "space returns" when the limit is lifted.
 */
@Timeout(120)
class DiskFailureProcessTest {

    private static final long FILE_LIMIT = 64 * 1024;
    private static final String PADDING = "x".repeat(100);

    @TempDir
    Path temp;
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aFullDiskRefusesPublishesLosesNothingAcknowledgedAndRecovers() throws Exception {
        assumeTrue(NsqdProcess.prlimitAvailable(), "util-linux prlimit is not installed");
        Path dataPath = Files.createDirectory(temp.resolve("data"));
        try (NsqdProcess nsqd = NsqdProcess.startWithFileSizeLimit(FILE_LIMIT, "--tcp-address=127.0.0.1:0",
                "--http-address=127.0.0.1:0", "--data-path=" + dataPath, "--mem-queue-size=0")) {
            InetSocketAddress tcp = nsqd.awaitTcpAddress();
            InetSocketAddress httpAddress = nsqd.awaitHttpAddress();
            try (WireClient consumer = WireClient.connect(tcp)) {
                consumer.subscribe("full", "c");

                Set<String> acknowledged = new HashSet<>();
                WireClient.Frame refusal;
                try (WireClient producer = WireClient.connect(tcp)) {
                    // the limit holds about 500 of these; a broker that never refuses would loop forever
                    for (int i = 0; ; i++) {
                        assertTrue(i < 5000, i + " PUBs acknowledged, none refused; ERROR lines: "
                                + nsqd.output().stream().filter(line -> line.contains("ERROR")).count());
                        String body = "m" + i + PADDING;
                        producer.pub("full", body);
                        WireClient.Frame frame = producer.readFrame();
                        if (frame.type() != WireClient.Frame.RESPONSE) {
                            refusal = frame;
                            break;
                        }
                        assertEquals("OK", frame.text());
                        acknowledged.add(body);
                    }
                    producer.expectEof(); // E_PUB_FAILED is fatal
                }
                assertEquals(WireClient.Frame.ERROR, refusal.type());
                assertTrue(refusal.text().startsWith("E_PUB_FAILED PUB failed "), refusal.text());
                assertTrue(refusal.text().contains("File too large"), refusal.text());

                HttpResponse<String> ping = get(httpAddress, "/ping");
                assertEquals(500, ping.statusCode());
                assertTrue(ping.body().startsWith("NOK - "), ping.body());
                for (int i = 0; i < 200; i++) {
                    // larger than the refused PUB, so it cannot fit where that one did not
                    HttpResponse<String> pub = post(httpAddress, "/pub?topic=full", "refused" + i + PADDING + PADDING);
                    assertEquals(503, pub.statusCode());
                    assertTrue(pub.body().contains("EXITING"), pub.body());
                }
                long errorLines = nsqd.output().stream().filter(line -> line.contains("failed to write message to backend")).count();
                assertTrue(errorLines <= 2, "one line per failing queue, not one per refused message: " + errorLines);

                nsqd.liftFileSizeLimit();
                try (WireClient producer = WireClient.connect(tcp)) {
                    producer.pub("full", "after" + PADDING).expectResponse("OK");
                    acknowledged.add("after" + PADDING);
                }
                assertEquals("OK", get(httpAddress, "/ping").body());

                consumer.send("RDY " + Math.min(2500, acknowledged.size()));
                Set<String> delivered = new HashSet<>();
                while (delivered.size() < acknowledged.size()) {
                    Delivery delivery = consumer.readMessage();
                    consumer.send("FIN " + delivery.id());
                    assertTrue(delivered.add(delivery.text()), "delivered twice: " + delivery.text());
                }
                assertEquals(acknowledged, delivered);
                System.out.println("full disk (RLIMIT_FSIZE " + FILE_LIMIT + " B, --mem-queue-size=0): "
                        + (acknowledged.size() - 1) + " PUBs acknowledged before E_PUB_FAILED, all delivered; 200 HTTP /pub 503; "
                        + errorLines + " ERROR line(s)");
            }
        }
    }

    @Test
    void messagesOnDiskAreDeliveredAfterTheDataPathIsDeleted() throws Exception {
        Path dataPath = Files.createDirectory(temp.resolve("doomed"));
        int published = 4000;
        try (NsqdProcess nsqd = NsqdProcess.start("--tcp-address=127.0.0.1:0", "--http-address=",
                "--data-path=" + dataPath, "--mem-queue-size=0")) {
            InetSocketAddress tcp = nsqd.awaitTcpAddress();
            try (WireClient consumer = WireClient.connect(tcp); WireClient producer = WireClient.connect(tcp)) {
                consumer.subscribe("kept", "c");
                for (int from = 0; from < published; from += 500) {
                    List<byte[]> batch = new ArrayList<>();
                    for (int i = from; i < from + 500; i++) {
                        batch.add(("m" + i).getBytes(StandardCharsets.UTF_8));
                    }
                    producer.sendWithBody("MPUB kept", WireClient.mpubBody(batch)).expectResponse("OK");
                }
                deleteRecursively(dataPath);

                consumer.send("RDY 2500"); // nsqd's --max-rdy-count; each FIN frees a slot
                Set<String> delivered = new HashSet<>();
                for (int i = 0; i < published; i++) {
                    Delivery delivery = consumer.readMessage();
                    consumer.send("FIN " + delivery.id());
                    delivered.add(delivery.text());
                }
                assertEquals(published, delivered.size());
                System.out.println("data path deleted with " + published + " messages on disk: " + delivered.size() + " delivered");
            }
        }
    }

    private HttpResponse<String> get(InetSocketAddress address, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(address, path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(InetSocketAddress address, String path, String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(address, path)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(InetSocketAddress address, String path) {
        return URI.create("http://127.0.0.1:" + address.getPort() + path);
    }

    private static void deleteRecursively(Path directory) throws IOException {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
