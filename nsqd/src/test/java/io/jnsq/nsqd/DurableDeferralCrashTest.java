package io.jnsq.nsqd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jnsq.broker.wire.WireClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code --durable-deferral} against {@code kill -9}: nsqd in a child JVM with a small fixed heap, in
 * durable mode, killed at a random moment while thousands of deferred messages wait, then restarted on
 * the same data path. Every acknowledged DPUB and every REQ with a delay is delivered, none before its
 * time. CI runs a scaled-down size; the size (10,000 messages, delays of 5-60 s) runs with
 * {@code -Djnsq.crash.full=true}:
 *
 * <pre>mvn -B -pl nsqd -am verify -DskipITs -Djnsq.crash.full=true -Dtest='DurableDeferralCrashTest' -Dsurefire.failIfNoSpecifiedTests=false</pre>
 */
class DurableDeferralCrashTest {

    private static final long MILLI = TimeUnit.MILLISECONDS.toNanos(1);
    /** Due after the restart, a message comes within the 100 ms scan plus the time to read and send it; generous for CI. */
    private static final long LATE_AFTER_RESTART_NANOS = TimeUnit.SECONDS.toNanos(2);

    @TempDir
    Path dataPath;
    private final Random random = new Random();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    @Timeout(120)
    void deferredPublishesSurviveKillNineAndComeAtTheirTime() throws Exception {
        deferredPublishes(2_000, 1_000, 6_000);
    }

    @Test
    @Timeout(300)
    @EnabledIfSystemProperty(named = "jnsq.crash.full", matches = "true")
    void tenThousandDeferredPublishesOverFiveToSixtySeconds() throws Exception {
        deferredPublishes(10_000, 5_000, 60_000);
    }

    @Test
    @Timeout(120)
    void requeuesWithADelaySurviveKillNineAndComeAtTheirTime() throws Exception {
        delayedRequeues(1_000, 2_000, 6_000);
    }

    @Test
    @Timeout(300)
    @EnabledIfSystemProperty(named = "jnsq.crash.full", matches = "true")
    void tenThousandRequeuesOverFiveToSixtySeconds() throws Exception {
        delayedRequeues(10_000, 5_000, 60_000);
    }

    /** A message the broker acknowledged, and the earliest moment it may arrive. */
    private record Deferred(long sentNanos, long delayNanos) {
        long dueNanos() {
            return sentNanos + delayNanos;
        }
    }

    private void deferredPublishes(int count, int minDelayMillis, int maxDelayMillis) throws Exception {
        Map<String, Deferred> acknowledged = new ConcurrentHashMap<>();
        List<Subscriber.Received> beforeKill;
        try (NsqdProcess nsqd = start()) {
            InetSocketAddress address = nsqd.awaitTcpAddress();
            try (Subscriber consumer = Subscriber.start(address, "deferred", "c", 1000, Subscriber::fin)) {
                long start = System.nanoTime();
                Thread publisher = new Thread(() -> publishDeferred(address, count, minDelayMillis, maxDelayMillis, acknowledged));
                publisher.start();
                long killAfter = minDelayMillis / 2 + random.nextInt(maxDelayMillis - minDelayMillis / 2);
                await().atMost(Duration.ofMillis(maxDelayMillis + 10_000)).until(() -> System.nanoTime() - start >= killAfter * MILLI);
                nsqd.kill();
                System.out.printf("DPUB: kill -9 %d ms after the first publish%n", killAfter);
                publisher.join();
                beforeKill = consumer.snapshot();
            }
        }
        Restarted afterRestart = drainAfterRestart("deferred", acknowledged.keySet(), beforeKill, maxDelayMillis);
        check("DPUB", count, acknowledged, beforeKill, afterRestart);
    }

    /** DPUBs in pipelined batches of 100, each batch one write; stops at the first error (nsqd killed). */
    private void publishDeferred(InetSocketAddress address, int count, int minDelayMillis, int maxDelayMillis,
                                 Map<String, Deferred> acknowledged) {
        Random delays = new Random(count);
        try (WireClient producer = WireClient.connect(address)) {
            for (int first = 0; first < count; first += 100) {
                ByteArrayOutputStream batch = new ByteArrayOutputStream();
                Map<String, Long> delaysOfBatch = new HashMap<>();
                List<String> bodies = new ArrayList<>();
                for (int i = first; i < Math.min(count, first + 100); i++) {
                    int delay = minDelayMillis + delays.nextInt(maxDelayMillis - minDelayMillis + 1);
                    String body = "d-" + i;
                    batch.writeBytes(WireClient.commandWithBody("DPUB deferred " + delay, body.getBytes(StandardCharsets.UTF_8)));
                    delaysOfBatch.put(body, delay * MILLI);
                    bodies.add(body);
                }
                long sent = System.nanoTime();
                producer.write(batch.toByteArray());
                for (String body : bodies) {
                    producer.expectResponse("OK");
                    acknowledged.put(body, new Deferred(sent, delaysOfBatch.get(body)));
                }
            }
        } catch (IOException | AssertionError killed) {
            // what was not answered OK does not count
        }
    }

    private void delayedRequeues(int count, int minDelayMillis, int maxDelayMillis) throws Exception {
        Map<String, Deferred> requeued = new ConcurrentHashMap<>();
        Random delays = new Random(count);
        List<Subscriber.Received> beforeKill;
        try (NsqdProcess nsqd = start()) {
            InetSocketAddress address = nsqd.awaitTcpAddress();
            InetSocketAddress httpAddress = nsqd.awaitHttpAddress();
            publish(address, "requeued", count);
            // the first delivery is requeued with a delay, the second finished
            try (Subscriber consumer = Subscriber.start(address, "requeued", "c", Math.min(count, 2500), message -> {
                if (message.attempts() > 1) {
                    return Subscriber.fin(message);
                }
                long delay = minDelayMillis + delays.nextInt(maxDelayMillis - minDelayMillis + 1);
                requeued.put(message.text(), new Deferred(System.nanoTime(), delay * MILLI));
                return "REQ " + message.id() + " " + delay;
            })) {
                await().atMost(Duration.ofSeconds(60)).until(() -> requeued.size() == count);
                long lastRequeue = System.nanoTime();
                // every REQ applied: each message waits in the deferred store (none is due this soon)
                await().atMost(Duration.ofSeconds(10)).until(() -> deferredCount(httpAddress, "requeued") == count);
                // a REQ acknowledges the message's disk-queue record, which the queue's meta file says within 100 ms
                long killAfter = 500 + random.nextInt(maxDelayMillis - 500);
                await().atMost(Duration.ofMillis(maxDelayMillis + 10_000)).until(() -> System.nanoTime() - lastRequeue >= killAfter * MILLI);
                nsqd.kill();
                System.out.printf("REQ: kill -9 %d ms after the last REQ%n", killAfter);
                beforeKill = consumer.snapshot().stream().filter(m -> m.attempts() > 1).toList();
            }
        }
        Restarted afterRestart = drainAfterRestart("requeued", requeued.keySet(), beforeKill, maxDelayMillis);
        check("REQ", count, requeued, beforeKill, afterRestart);
    }

    private void publish(InetSocketAddress address, String topic, int count) throws IOException {
        try (WireClient producer = WireClient.connect(address)) {
            for (int first = 0; first < count; first += 100) {
                List<byte[]> batch = new ArrayList<>();
                for (int i = first; i < Math.min(count, first + 100); i++) {
                    batch.add(("r-" + i).getBytes(StandardCharsets.UTF_8));
                }
                producer.sendWithBody("MPUB " + topic, WireClient.mpubBody(batch)).expectResponse("OK");
            }
        }
    }

    /** What the restarted nsqd delivered, and when it was ready (its deferred messages indexed, listening). */
    private record Restarted(List<Subscriber.Received> deliveries, long readyAtNanos) {
    }

    /** Restarts nsqd and collects deliveries until every expected body has arrived, before or after. */
    private Restarted drainAfterRestart(String topic, Set<String> expected, List<Subscriber.Received> before,
                                        int maxDelayMillis) throws Exception {
        Set<String> missing = new HashSet<>(expected);
        before.forEach(m -> missing.remove(m.text()));
        try (NsqdProcess nsqd = start()) {
            InetSocketAddress address = nsqd.awaitTcpAddress();
            long readyAt = System.nanoTime();
            try (Subscriber consumer = Subscriber.start(address, topic, "c", 2500, Subscriber::fin)) {
                await().atMost(Duration.ofMillis(maxDelayMillis + 30_000)).until(() -> {
                    consumer.snapshot().forEach(m -> missing.remove(m.text()));
                    return missing.isEmpty();
                });
                return new Restarted(consumer.snapshot(), readyAt);
            }
        }
    }

    private static void check(String what, int count, Map<String, Deferred> acknowledged, List<Subscriber.Received> before,
                              Restarted after) {
        Set<String> delivered = new HashSet<>();
        List<String> early = new ArrayList<>();
        long latestAfterRestart = 0;
        int duplicates = 0;
        List<Subscriber.Received> all = new ArrayList<>(before);
        all.addAll(after.deliveries());
        for (Subscriber.Received message : all) {
            Deferred deferred = acknowledged.get(message.text());
            if (deferred == null) {
                continue; // not acknowledged before the kill: either way is right
            }
            if (!delivered.add(message.text())) {
                duplicates++;
            }
            if (message.atNanos() - deferred.dueNanos() < 0) {
                early.add(message.text() + " by " + (deferred.dueNanos() - message.atNanos()) / MILLI + " ms");
            }
            if (deferred.dueNanos() - after.readyAtNanos() > 0) {
                latestAfterRestart = Math.max(latestAfterRestart, message.atNanos() - deferred.dueNanos());
            }
        }
        Set<String> lost = new HashSet<>(acknowledged.keySet());
        lost.removeAll(delivered);
        System.out.printf("%s: %d sent, %d acknowledged, killed after %d delivered, %d delivered after the restart,"
                        + " %d duplicates, %d lost, %d early; due after the restart, at most %d ms late%n", what, count,
                acknowledged.size(), before.size(), after.deliveries().size(), duplicates, lost.size(), early.size(),
                latestAfterRestart / MILLI);
        assertEquals(Set.of(), lost, "acknowledged deferred messages lost");
        assertEquals(List.of(), early, "delivered before their time");
        assertTrue(latestAfterRestart <= LATE_AFTER_RESTART_NANOS, "late after the restart: " + latestAfterRestart / MILLI + " ms");
    }

    private int deferredCount(InetSocketAddress httpAddress, String topic) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpAddress.getPort()
                + "/stats?format=json&topic=" + topic)).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode stats = new ObjectMapper().readTree(response.body());
        return stats.at("/topics/0/channels/0/deferred_count").asInt();
    }

    private NsqdProcess start() throws IOException {
        return NsqdProcess.startWithJvmOptions(List.of("-Xms64m", "-Xmx64m", "-XX:+ExitOnOutOfMemoryError"),
                "--tcp-address=127.0.0.1:0", "--http-address=127.0.0.1:0", "--data-path=" + dataPath,
                "--mem-queue-size=0", "--sync-every=1", "--durable-deferral", "--max-req-timeout=168h");
    }
}
