package io.jnsq.nsqd;

import io.jnsq.broker.wire.WireClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The embedding API: {@code Nsqd.builder()…start()}, its addresses, in-process access, memory-only mode. */
@Timeout(30)
class NsqdBuilderTest {

    @TempDir
    Path dataPath;

    private static List<String> texts(List<byte[]> bodies) {
        return bodies.stream().map(body -> new String(body, StandardCharsets.UTF_8)).toList();
    }

    @Test
    void startsOnLoopbackPortsTheSystemPicksAndReportsThem() throws Exception {
        try (Nsqd nsqd = Nsqd.builder().tcpPort(0).httpPort(0).start()) {
            InetSocketAddress tcp = nsqd.tcpAddress();
            InetSocketAddress http = nsqd.httpAddress();
            assertEquals("127.0.0.1", tcp.getAddress().getHostAddress());
            assertTrue(tcp.getPort() > 0 && http.getPort() > 0 && tcp.getPort() != http.getPort());
            try (WireClient client = WireClient.connect(tcp)) {
                client.pub("orders", "over tcp").expectResponse("OK");
            }
            assertEquals(1, nsqd.local().depth("orders"));
            assertEquals(String.valueOf(tcp.getPort()), String.valueOf(nsqd.config().cluster().broadcastTcpPort()));
        }
    }

    @Test
    void localAccessPublishesCountsAndDrainsWithoutSockets() throws Exception {
        try (Nsqd nsqd = Nsqd.builder().noHttp().start()) {
            LocalClient local = nsqd.local();
            assertEquals(0, local.depth("t"));
            local.createChannel("t", "c");
            local.publish("t", "one");
            local.publish("t", "two".getBytes(StandardCharsets.UTF_8));
            assertEquals(2, local.depth("t", "c"));
            assertEquals(List.of("one", "two"), texts(local.drain("t", "c")));
            assertEquals(0, local.depth("t", "c"));
            assertEquals(List.of(), local.drain("t", "c"));
            var channel = nsqd.broker().findTopic("t").orElseThrow().findChannel("c").orElseThrow();
            assertEquals(0, channel.inFlightCount(), "drained messages are finished");
        }
    }

    @Test
    void memoryOnlyKeepsWhatOverflowsMemoryAndWritesNothing() throws Exception {
        List<Path> before = listing(Path.of(""));
        try (Nsqd nsqd = Nsqd.builder().noHttp().configure(config -> config.queues().memQueueSize(2)).start()) {
            assertTrue(nsqd.config().queues().memoryOnly());
            nsqd.local().createChannel("spill", "c");
            IntStream.range(0, 10).forEach(i -> nsqd.local().publish("spill", "m" + i));
            assertEquals(10, nsqd.local().depth("spill", "c"));
            assertEquals(IntStream.range(0, 10).mapToObj(i -> "m" + i).toList(), texts(nsqd.local().drain("spill", "c")));
        }
        assertEquals(before, listing(Path.of("")), "nothing written to the working directory");
    }

    @Test
    void aDataPathKeepsMessagesAcrossARestart() throws Exception {
        try (Nsqd nsqd = Nsqd.builder().noHttp().dataPath(dataPath).start()) {
            nsqd.local().createChannel("kept", "c");
            nsqd.local().publish("kept", "durable");
        }
        assertTrue(Files.exists(dataPath.resolve("nsqd.dat")));
        try (Nsqd restarted = Nsqd.builder().noHttp().dataPath(dataPath).start()) {
            assertEquals(List.of("durable"), texts(restarted.local().drain("kept", "c", Duration.ofSeconds(10))));
        }
    }

    @Test
    void closeIsGracefulAndMayBeCalledAgain() throws Exception {
        Nsqd nsqd = Nsqd.builder().dataPath(dataPath).start();
        InetSocketAddress tcp = nsqd.tcpAddress();
        nsqd.close();
        nsqd.close();
        assertThrows(IOException.class, () -> WireClient.connect(tcp).close());
        Nsqd.builder().noHttp().dataPath(dataPath).start().close(); // the data path is unlocked
    }

    @Test
    void anInvalidSettingNamesItsFlag() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> Nsqd.builder().configure(config -> config.messages().nodeId(5000)).start());
        assertEquals("--node-id must be [0,1024)", refused.getMessage());
    }

    private static List<Path> listing(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory.toAbsolutePath())) {
            return files.sorted().toList();
        }
    }
}
