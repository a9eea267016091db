package io.jnsq.nsqd.metrics;

import io.jnsq.broker.wire.WireClient;
import io.jnsq.nsqd.Nsqd;
import io.jnsq.nsqd.OptionsResolver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** nsqd pushing to a statsd that is a UDP socket of the test's, every 100ms. */
@Timeout(30)
class NsqdStatsdTest {

    private static final Pattern LINE = Pattern.compile("[^:\\n]+:-?\\d+\\|[cg]");
    private static final int PACKET_SIZE = 120;

    @TempDir
    Path dataPath;
    private DatagramSocket statsd;
    private final List<String> datagrams = new CopyOnWriteArrayList<>();
    private Thread receiver;
    private Nsqd nsqd;
    private String prefix;

    @BeforeEach
    void listen() throws SocketException {
        statsd = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        receiver = new Thread(this::receive, "test-statsd");
        receiver.start();
    }

    private void receive() {
        byte[] buffer = new byte[65_536];
        try {
            while (true) {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                statsd.receive(packet);
                datagrams.add(new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8));
            }
        } catch (IOException closed) {
            // the test is over
        }
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (nsqd != null) {
            nsqd.close();
        }
        statsd.close();
        receiver.join();
    }

    private void start(String... flags) throws Exception {
        List<String> all = new ArrayList<>(List.of("--tcp-address=127.0.0.1:0", "--http-address=127.0.0.1:0",
                "--data-path=" + dataPath, "--broadcast-address=127.0.0.1", "--statsd-prefix=jnsq.%s",
                "--statsd-address=127.0.0.1:" + statsd.getLocalPort(), "--statsd-interval=100ms",
                "--statsd-udp-packet-size=" + PACKET_SIZE));
        all.addAll(List.of(flags));
        nsqd = new Nsqd(OptionsResolver.resolve(all.toArray(String[]::new)));
        nsqd.start();
        prefix = "jnsq.127_0_0_1_" + nsqd.httpAddress().getPort() + ".";
    }

    /** Every line received so far, checked whole: no line straddles two datagrams. */
    private List<String> lines() {
        List<String> lines = new ArrayList<>();
        for (String datagram : datagrams) {
            assertTrue(datagram.getBytes(StandardCharsets.UTF_8).length <= PACKET_SIZE, datagram);
            assertTrue(datagram.endsWith("\n"), datagram);
            for (String line : datagram.split("\n")) {
                assertTrue(LINE.matcher(line).matches(), line);
                assertTrue(line.startsWith(prefix), line);
                lines.add(line.substring(prefix.length()));
            }
        }
        return lines;
    }

    private long sum(String counter) {
        return lines().stream().filter(line -> line.startsWith(counter + ":"))
                .peek(line -> assertTrue(line.endsWith("|c"), line))
                .mapToLong(line -> Long.parseLong(line.substring(counter.length() + 1, line.length() - 2)))
                .sum();
    }

    private long pushes(String stat) {
        return lines().stream().filter(line -> line.startsWith(stat + ":")).count();
    }

    @Test
    void countersSendTheirChangeGaugesTheirValueInNsqdsNamesAndPackets() throws Exception {
        start("--statsd-mem-stats=false");
        try (WireClient publisher = WireClient.connect(nsqd.tcpAddress())) {
            nsqd.broker().topic("orders").channel("billing");
            publisher.pub("orders", "one").expectResponse("OK");
            publisher.pub("orders", "two").expectResponse("OK");
            await().until(() -> sum("topic.orders.message_count") == 2);
            long pushesBefore = pushes("topic.orders.message_count");
            publisher.pub("orders", "three").expectResponse("OK");
            // deltas: across the pushes the counter's changes add up to the total, never more
            await().until(() -> sum("topic.orders.channel.billing.message_count") == 3);
            await().until(() -> pushes("topic.orders.message_count") > pushesBefore + 1);
            assertEquals(3, sum("topic.orders.message_count"));
            assertEquals(11, sum("topic.orders.message_bytes"));
        }
        List<String> lines = lines();
        assertTrue(lines.contains("topic.orders.depth:0|g"), lines.toString());
        assertTrue(lines.contains("topic.orders.backend_depth:0|g"));
        assertTrue(lines.contains("topic.orders.channel.billing.depth:3|g"), lines.toString());
        assertTrue(lines.contains("topic.orders.channel.billing.backend_depth:0|g"));
        assertTrue(lines.contains("topic.orders.channel.billing.in_flight_count:0|g"));
        assertTrue(lines.contains("topic.orders.channel.billing.deferred_count:0|g"));
        assertTrue(lines.contains("topic.orders.channel.billing.requeue_count:0|c"));
        assertTrue(lines.contains("topic.orders.channel.billing.timeout_count:0|c"));
        assertTrue(lines.contains("topic.orders.channel.billing.clients:0|g"));
        assertTrue(lines.stream().noneMatch(line -> line.startsWith("mem.")), lines.toString());
        // nsqd's order within one push (the first pushes may predate the topic or its channel)
        List<String> names = lines.stream().map(line -> line.substring(0, line.indexOf(':'))).toList();
        int push = names.indexOf("topic.orders.channel.billing.message_count") - 4;
        assertEquals(List.of("topic.orders.message_count", "topic.orders.message_bytes", "topic.orders.depth",
                "topic.orders.backend_depth", "topic.orders.channel.billing.message_count",
                "topic.orders.channel.billing.depth", "topic.orders.channel.billing.backend_depth",
                "topic.orders.channel.billing.in_flight_count", "topic.orders.channel.billing.deferred_count",
                "topic.orders.channel.billing.requeue_count", "topic.orders.channel.billing.timeout_count",
                "topic.orders.channel.billing.clients"), names.subList(push, push + 12));
    }

    @Test
    void memStatsAreJvmFiguresUnderNsqdsNames() throws Exception {
        start();
        await().until(() -> pushes("mem.gc_runs") >= 2);
        List<String> lines = lines();
        for (String gauge : List.of("mem.heap_objects", "mem.heap_idle_bytes", "mem.heap_in_use_bytes",
                "mem.heap_released_bytes", "mem.gc_pause_usec_100", "mem.gc_pause_usec_99", "mem.gc_pause_usec_95",
                "mem.next_gc_bytes")) {
            assertTrue(lines.stream().anyMatch(line -> line.startsWith(gauge + ":") && line.endsWith("|g")), gauge);
        }
        assertTrue(lines.stream().filter(line -> line.startsWith("mem.heap_in_use_bytes:"))
                .allMatch(line -> !line.equals("mem.heap_in_use_bytes:0|g")), lines.toString());
        assertTrue(lines.stream().filter(line -> line.startsWith("mem.gc_runs:")).allMatch(line -> line.endsWith("|c")));
    }

    @Test
    void ephemeralTopicsAndChannelsCanBeLeftOut() throws Exception {
        start("--statsd-exclude-ephemeral", "--statsd-mem-stats=false");
        nsqd.broker().topic("kept").channel("kept-channel");
        nsqd.broker().topic("kept").channel("gone#ephemeral");
        nsqd.broker().topic("gone#ephemeral").channel("c");
        await().until(() -> pushes("topic.kept.channel.kept-channel.depth") >= 2);
        List<String> lines = lines();
        assertTrue(lines.stream().noneMatch(line -> line.contains("#ephemeral")), lines.toString());
    }

    @Test
    void ephemeralNamesAreSentVerbatimByDefault() throws Exception {
        start("--statsd-mem-stats=false");
        nsqd.broker().topic("kept").channel("c#ephemeral");
        await().until(() -> pushes("topic.kept.channel.c#ephemeral.depth") >= 1);
    }
}
