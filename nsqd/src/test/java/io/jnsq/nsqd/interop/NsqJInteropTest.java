package io.jnsq.nsqd.interop;

import com.sproutsocial.nsq.DirectSubscriber;
import com.sproutsocial.nsq.Message;
import com.sproutsocial.nsq.Publisher;
import io.jnsq.nsqd.Nsqd;
import io.jnsq.nsqd.OptionsResolver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real third-party Java client (sproutsocial nsq-j 1.2) publishing to and consuming from jnsq. nsq-j's
 * direct subscriber always uses its process-wide default client, which cannot be restarted once stopped,
 * so each test stops only its own publisher and subscriber.
 */
@Timeout(60)
class NsqJInteropTest {

    @TempDir
    Path dataPath;
    private Nsqd nsqd;
    private String address;

    @BeforeEach
    void start() throws Exception {
        nsqd = new Nsqd(OptionsResolver.resolve("--tcp-address=127.0.0.1:0", "--http-address=",
                "--data-path=" + dataPath));
        nsqd.start();
        address = "127.0.0.1:" + nsqd.tcpAddress().getPort();
    }

    @AfterEach
    void stop() {
        nsqd.close();
    }

    @Test
    void publishedMessagesAreConsumedExactlyOnceAndFinished() {
        int count = 500;
        Publisher publisher = new Publisher(address);
        for (int i = 0; i < count / 2; i++) {
            publisher.publish("interop", ("single-" + i).getBytes(StandardCharsets.UTF_8));
        }
        List<byte[]> batch = new ArrayList<>();
        for (int i = 0; i < count / 2; i++) {
            batch.add(("batch-" + i).getBytes(StandardCharsets.UTF_8));
        }
        publisher.publish("interop", batch);

        Map<String, AtomicInteger> received = new ConcurrentHashMap<>();
        DirectSubscriber subscriber = new DirectSubscriber(60, address);
        subscriber.subscribe("interop", "archive", (Message message) -> {
            received.computeIfAbsent(new String(message.getData(), StandardCharsets.UTF_8), k -> new AtomicInteger())
                    .incrementAndGet();
            message.finish();
        });

        await().atMost(Duration.ofSeconds(30)).until(() -> received.size() == count);
        var channel = nsqd.broker().findTopic("interop").orElseThrow().findChannel("archive").orElseThrow();
        await().until(() -> channel.inFlightCount() == 0);
        assertTrue(received.values().stream().allMatch(n -> n.get() == 1), "a message arrived twice");
        assertEquals(0, channel.depth());
        assertEquals(count, channel.messageCount());
        publisher.stop();
        subscriber.stop();
    }

    @Test
    void deferredPublishAndRequeueWork() {
        Publisher publisher = new Publisher(address);
        long published = System.nanoTime();
        publisher.publishDeferred("later", "wait".getBytes(StandardCharsets.UTF_8), 300, TimeUnit.MILLISECONDS);

        List<Integer> attempts = new ArrayList<>();
        List<Long> arrivals = new ArrayList<>();
        DirectSubscriber subscriber = new DirectSubscriber(60, address);
        subscriber.subscribe("later", "ch", (Message message) -> {
            synchronized (attempts) {
                attempts.add(message.getAttempts());
                arrivals.add(System.nanoTime());
            }
            if (message.getAttempts() == 1) {
                message.requeue(200);
            } else {
                message.finish();
            }
        });

        await().atMost(Duration.ofSeconds(10)).until(() -> {
            synchronized (attempts) {
                return attempts.size() == 2;
            }
        });
        synchronized (attempts) {
            assertEquals(List.of(1, 2), attempts);
            assertTrue(arrivals.get(0) - published >= TimeUnit.MILLISECONDS.toNanos(280), "DPUB delivered early");
            assertTrue(arrivals.get(1) - arrivals.get(0) >= TimeUnit.MILLISECONDS.toNanos(180), "REQ delivered early");
        }
        publisher.stop();
        subscriber.stop();
    }
}
