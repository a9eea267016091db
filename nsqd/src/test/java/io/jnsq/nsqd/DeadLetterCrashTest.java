package io.jnsq.nsqd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jnsq.broker.wire.WireClient;
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
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Dead-letter topics end to end, nsqd in a child JVM with a small fixed heap in durable mode, with
 * {@code --dead-letter-max-attempts=3 --dead-letter-topic=dlq}: a consumer that requeues everything sees
 * each message three times, then the dead-letter topic holds it once, with its attempts and origin; and
 * {@code kill -9} in the middle of it loses nothing.
 */
@Timeout(120)
class DeadLetterCrashTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataPath;
    private final HttpClient http = HttpClient.newHttpClient();

    /** A dead letter: the envelope's first line, and the original body after it. */
    private record Letter(JsonNode origin, String body) {
        static Letter of(Subscriber.Received received) throws IOException {
            byte[] envelope = received.body();
            int newline = 0;
            while (envelope[newline] != '\n') {
                newline++;
            }
            return new Letter(JSON.readTree(new String(envelope, 0, newline, StandardCharsets.UTF_8)),
                    new String(envelope, newline + 1, envelope.length - newline - 1, StandardCharsets.UTF_8));
        }
    }

    private static String requeueAtOnce(Subscriber.Received message) {
        return "REQ " + message.id() + " 0";
    }

    @Test
    void aConsumerRequeuingEverythingSeesEachMessageThreeTimesThenTheDeadLetterTopicHoldsItOnce() throws Exception {
        int count = 200;
        try (NsqdProcess nsqd = start()) {
            InetSocketAddress address = nsqd.awaitTcpAddress();
            InetSocketAddress httpAddress = nsqd.awaitHttpAddress();
            try (Subscriber letters = Subscriber.start(address, "dlq", "inspect", 100, Subscriber::fin)) {
                publish(address, "work", count);
                try (Subscriber worker = Subscriber.start(address, "work", "c", 100, DeadLetterCrashTest::requeueAtOnce)) {
                    await().atMost(Duration.ofSeconds(60)).until(() -> letters.snapshot().size() >= count);
                    Map<String, List<Subscriber.Received>> seen = new HashMap<>();
                    for (Subscriber.Received delivery : worker.snapshot()) {
                        seen.computeIfAbsent(delivery.text(), body -> new ArrayList<>()).add(delivery);
                    }
                    assertEquals(count, seen.size());
                    for (List<Subscriber.Received> deliveries : seen.values()) {
                        assertEquals(List.of(1, 2, 3), deliveries.stream().map(Subscriber.Received::attempts).toList());
                    }
                    assertEquals(count, letters.snapshot().size(), "each held once");
                    for (Subscriber.Received received : letters.snapshot()) {
                        Letter letter = Letter.of(received);
                        assertEquals("work", letter.origin().get("topic").asText());
                        assertEquals("c", letter.origin().get("channel").asText());
                        assertEquals(3, letter.origin().get("attempts").asInt());
                        assertEquals(seen.get(letter.body()).get(0).id(), letter.origin().get("id").asText());
                        assertEquals(1, received.attempts());
                    }
                    JsonNode channel = get(httpAddress, "/stats?format=json&topic=work").at("/topics/0/channels/0");
                    assertEquals(count, channel.get("dead_letter_count").asInt());
                    assertEquals(3, channel.get("max_attempts").asInt());
                    assertEquals("dlq", channel.get("dead_letter_topic").asText());
                    assertEquals(0, channel.get("depth").asInt() + channel.get("in_flight_count").asInt());
                    String metrics = http.send(HttpRequest.newBuilder(uri(httpAddress, "/metrics")).build(),
                            HttpResponse.BodyHandlers.ofString()).body();
                    assertTrue(metrics.contains("nsq_channel_dead_letters_total{channel=\"c\",topic=\"work\"} " + count + ".0"), metrics);
                }
            }
        }
    }

    @Test
    void killNineWhileMessagesAreBeingDeadLetteredLosesNone() throws Exception {
        int count = 1000;
        // mid-way: some messages on their first or second attempt, some moved, some being moved
        int killAfterDeliveries = count * 2 + count / 5 + new Random().nextInt(count * 3 / 5);
        Map<String, Integer> letters = new HashMap<>();
        int deliveriesBefore;
        try (NsqdProcess nsqd = start()) {
            InetSocketAddress address = nsqd.awaitTcpAddress();
            try (Subscriber inspector = Subscriber.start(address, "dlq", "inspect", 100, Subscriber::fin)) {
                publish(address, "jobs", count);
                try (Subscriber worker = Subscriber.start(address, "jobs", "c", 10, DeadLetterCrashTest::requeueAtOnce)) {
                    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(1))
                            .until(() -> worker.received.size() >= killAfterDeliveries);
                    nsqd.kill();
                    deliveriesBefore = worker.snapshot().size();
                }
                count(inspector.snapshot(), letters);
            }
        }
        int lettersBefore = letters.values().stream().mapToInt(Integer::intValue).sum();
        try (NsqdProcess nsqd = start()) {
            InetSocketAddress address = nsqd.awaitTcpAddress();
            try (Subscriber inspector = Subscriber.start(address, "dlq", "inspect", 100, Subscriber::fin);
                 Subscriber worker = Subscriber.start(address, "jobs", "c", 100, DeadLetterCrashTest::requeueAtOnce)) {
                await().atMost(Duration.ofSeconds(60)).until(() -> {
                    Map<String, Integer> all = new HashMap<>(letters);
                    count(inspector.snapshot(), all);
                    return all.size() == count;
                });
                count(inspector.snapshot(), letters);
                Set<String> lost = new HashSet<>();
                for (int i = 0; i < count; i++) {
                    if (!letters.containsKey("m-" + i)) {
                        lost.add("m-" + i);
                    }
                }
                long duplicates = letters.values().stream().mapToInt(n -> n - 1).sum();
                System.out.printf("dead letters: kill -9 after %d of %d letters (%d deliveries on the channel); after the"
                                + " restart %d deliveries on the channel; %d letters in all, %d duplicates, %d lost%n",
                        lettersBefore, count, deliveriesBefore, worker.snapshot().size(),
                        letters.values().stream().mapToInt(Integer::intValue).sum(), duplicates, lost.size());
                assertEquals(Set.of(), lost);
            }
        }
    }

    /** Counts letters by original body; each must carry its three attempts. */
    private static void count(List<Subscriber.Received> received, Map<String, Integer> letters) throws IOException {
        for (Subscriber.Received delivery : received) {
            Letter letter = Letter.of(delivery);
            assertEquals(3, letter.origin().get("attempts").asInt(), letter.origin()::toString);
            letters.merge(letter.body(), 1, Integer::sum);
        }
    }

    private void publish(InetSocketAddress address, String topic, int count) throws IOException {
        try (WireClient producer = WireClient.connect(address)) {
            for (int first = 0; first < count; first += 100) {
                List<byte[]> batch = new ArrayList<>();
                for (int i = first; i < Math.min(count, first + 100); i++) {
                    batch.add(("m-" + i).getBytes(StandardCharsets.UTF_8));
                }
                producer.sendWithBody("MPUB " + topic, WireClient.mpubBody(batch)).expectResponse("OK");
            }
        }
    }

    private JsonNode get(InetSocketAddress httpAddress, String pathAndQuery) throws Exception {
        return JSON.readTree(http.send(HttpRequest.newBuilder(uri(httpAddress, pathAndQuery)).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    private static URI uri(InetSocketAddress httpAddress, String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + httpAddress.getPort() + pathAndQuery);
    }

    private NsqdProcess start() throws IOException {
        return NsqdProcess.startWithJvmOptions(List.of("-Xms64m", "-Xmx64m", "-XX:+ExitOnOutOfMemoryError"),
                "--tcp-address=127.0.0.1:0", "--http-address=127.0.0.1:0", "--data-path=" + dataPath,
                "--mem-queue-size=0", "--sync-every=1", "--dead-letter-max-attempts=3", "--dead-letter-topic=dlq");
    }
}
