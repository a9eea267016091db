package io.jnsq.nsqd.interop;

import com.sproutsocial.nsq.Client;
import com.sproutsocial.nsq.Config;
import com.sproutsocial.nsq.DirectSubscriber;
import com.sproutsocial.nsq.Message;
import com.sproutsocial.nsq.Publisher;
import io.jnsq.nsqd.Nsqd;
import io.jnsq.nsqd.OptionsResolver;
import io.jnsq.protocol.testing.TestPki;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * nsq-j 1.2 negotiating IDENTIFY's upgrades with jnsq: snappy (through its own xerial snappy-java),
 * deflate, TLS, and deflate inside TLS; each moves messages both ways and shows in the broker's view.
 */
@Timeout(60)
class NsqJUpgradesInteropTest {

    @TempDir
    Path directory;
    private Nsqd nsqd;
    private TestPki pki;
    private String address;

    @BeforeEach
    void start() throws Exception {
        pki = new TestPki(directory);
        nsqd = new Nsqd(OptionsResolver.resolve("--tcp-address=127.0.0.1:0", "--http-address=", "--https-address=",
                "--data-path=" + directory, "--tls-cert=" + pki.certFile, "--tls-key=" + pki.keyFile));
        nsqd.start();
        address = "127.0.0.1:" + nsqd.tcpAddress().getPort();
        Client.getDefaultClient().setSSLSocketFactory(pki.clientContext(null).getSocketFactory());
    }

    @AfterEach
    void stop() {
        nsqd.close();
    }

    private static Config config(String mode) {
        Config config = new Config();
        config.setFeatureNegotiation(true);
        config.setTlsV1(mode.contains("tls"));
        config.setSnappy(mode.contains("snappy"));
        config.setDeflate(mode.contains("deflate"));
        config.setDeflateLevel(mode.contains("deflate") ? 5 : null);
        return config;
    }

    @ParameterizedTest
    @ValueSource(strings = {"snappy", "deflate", "tls", "tls+deflate"})
    void messagesMoveThroughNegotiatedUpgrades(String mode) {
        String topic = "interop-" + mode.replace('+', '-');
        int count = 500;
        Publisher publisher = new Publisher(address);
        publisher.setConfig(config(mode));
        for (int i = 0; i < count / 2; i++) {
            publisher.publish(topic, ("single-" + i).getBytes(StandardCharsets.UTF_8));
        }
        List<byte[]> batch = new ArrayList<>();
        for (int i = 0; i < count / 2; i++) {
            batch.add(("batch-" + i + "-" + "x".repeat(i % 200)).getBytes(StandardCharsets.UTF_8));
        }
        publisher.publish(topic, batch);

        Map<String, AtomicInteger> received = new ConcurrentHashMap<>();
        DirectSubscriber subscriber = new DirectSubscriber(60, address);
        subscriber.setConfig(config(mode));
        subscriber.subscribe(topic, "ch", (Message message) -> {
            received.computeIfAbsent(new String(message.getData(), StandardCharsets.UTF_8), k -> new AtomicInteger())
                    .incrementAndGet();
            message.finish();
        });

        await().atMost(Duration.ofSeconds(30)).until(() -> received.size() == count);
        var channel = nsqd.broker().findTopic(topic).orElseThrow().findChannel("ch").orElseThrow();
        await().until(() -> channel.inFlightCount() == 0);
        assertTrue(received.values().stream().allMatch(n -> n.get() == 1), "a message arrived twice");
        assertTrue(nsqd.broker().clients().stream().allMatch(client -> client.tls() == mode.contains("tls")
                && client.snappy() == mode.contains("snappy") && client.deflate() == mode.contains("deflate")));
        assertEquals(count, channel.messageCount());
        publisher.stop();
        subscriber.stop();
    }
}
