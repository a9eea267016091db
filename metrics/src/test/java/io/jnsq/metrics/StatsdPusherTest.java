package io.jnsq.metrics;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.jnsq.broker.E2eLatency;
import io.jnsq.broker.stats.Stats;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

@Timeout(30)
class StatsdPusherTest {

    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(StatsdPusher.class);
    private final AtomicInteger reads = new AtomicInteger();

    @BeforeEach
    void capture() {
        logged.start();
        logger.addAppender(logged);
    }

    @AfterEach
    void release() {
        logger.detachAppender(logged);
    }

    /** Two channels: lines enough for several 60-byte datagrams per push. */
    private Stats stats() {
        reads.incrementAndGet();
        List<Stats.ChannelStats> channels = List.of(
                new Stats.ChannelStats("a", 0, 0, 0, 0, 0, 0, 0, 0, 0, null, false, E2eLatency.DISABLED),
                new Stats.ChannelStats("b", 0, 0, 0, 0, 0, 0, 0, 0, 0, null, false, E2eLatency.DISABLED));
        return new Stats(List.of(new Stats.TopicStats("t", channels, 0, 0, 0, 0, false, E2eLatency.DISABLED)), null);
    }

    private StatsdPusher start(int port) {
        return StatsdPusher.start(StatsdConfig.builder().address("127.0.0.1:" + port).prefix("p.").interval(Duration.ofMillis(50)).memStats(false)
                        .udpPacketSize(60).build(),
                this::stats);
    }

    /** The one line saying pushes get through again; every push also logs nsqd's "pushing stats to". */
    private long countAgain() {
        return logged.list.stream().filter(event -> event.getFormattedMessage().endsWith(" again")).count();
    }

    private long count(Level level) {
        return logged.list.stream().filter(event -> event.getLevel() == level).count();
    }

    @Test
    void pushesLinesInDatagramsOfAtMostThePacketSize() throws Exception {
        try (DatagramSocket statsd = new DatagramSocket(0, InetAddress.getLoopbackAddress());
             StatsdPusher ignored = start(statsd.getLocalPort())) {
            DatagramPacket packet = new DatagramPacket(new byte[1024], 1024);
            statsd.receive(packet);
            String datagram = new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
            assertEquals("p.topic.t.message_count:0|c\np.topic.t.message_bytes:0|c\n", datagram);
        }
    }

    @Test
    void anUnreachableStatsdIsLoggedOnceAndItsReturnOnce() throws Exception {
        int port;
        try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        try (StatsdPusher ignored = start(port)) {
            // nobody listens: the sends after the first of each push are refused
            await().until(() -> reads.get() >= 4);
            assertEquals(1, count(Level.WARN), logged.list.toString());
            try (DatagramSocket statsd = new DatagramSocket(port, InetAddress.getLoopbackAddress())) {
                await().until(() -> countAgain() == 1);
                int readsBack = reads.get();
                await().until(() -> reads.get() >= readsBack + 3);
                assertEquals(1, count(Level.WARN), logged.list.toString());
                assertEquals(1, countAgain(), logged.list.toString());
            }
        }
    }

    @Test
    void aBadAddressIsLoggedOnceAndNothingIsRead() {
        try (StatsdPusher ignored = StatsdPusher.start(StatsdConfig.builder().address("no-port").prefix("").interval(Duration.ofMillis(20)).memStats(false).build(),
                this::stats)) {
            await().until(() -> logged.list.stream().filter(event -> event.getLevel() == Level.WARN).count() == 1);
            assertEquals(0, reads.get());
        }
    }
}
