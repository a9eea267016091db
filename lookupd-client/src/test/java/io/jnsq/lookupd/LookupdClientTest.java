package io.jnsq.lookupd;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(30)
class LookupdClientTest {

    private final List<AutoCloseable> closing = new ArrayList<>();
    private final List<Registration> registrations = new CopyOnWriteArrayList<>();
    private final ListAppender<ILoggingEvent> logLines = new ListAppender<>();
    private final Logger peerLog = (Logger) LoggerFactory.getLogger(LookupdPeer.class);
    private Level peerLogLevel;

    @BeforeEach
    void captureLogs() {
        peerLogLevel = peerLog.getLevel();
        peerLog.setLevel(Level.DEBUG); // repeated attempts show at debug: they prove the retries happen
        logLines.start();
        peerLog.addAppender(logLines);
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable resource : closing) {
            resource.close();
        }
        peerLog.detachAppender(logLines);
        peerLog.setLevel(peerLogLevel);
    }

    private static LookupdClientConfig config() {
        return LookupdClientConfig.builder().broadcastAddress("127.0.0.1").broadcastTcpPort(24150).broadcastHttpPort(24151)
                .hostname("test-host").version("1.3.0")
                .reconnectMinDelay(Duration.ofMillis(10)).reconnectMaxDelay(Duration.ofMillis(100)).build();
    }

    private FakeLookupd lookupd() throws Exception {
        FakeLookupd lookupd = FakeLookupd.start0();
        closing.add(lookupd);
        return lookupd;
    }

    private LookupdClient client(LookupdClientConfig config, String... addresses) {
        LookupdClient client = new LookupdClient(config, () -> List.copyOf(registrations));
        closing.add(0, client);
        client.setAddresses(List.of(addresses));
        return client;
    }

    private static void awaitIdentified(LookupdClient client, int lookupds) {
        await().atMost(10, TimeUnit.SECONDS).until(() -> client.lookupdInfos().size() == lookupds);
    }

    private List<String> logged(Level level, String containing) {
        return logLines.list.stream().filter(event -> event.getLevel() == level)
                .map(ILoggingEvent::getFormattedMessage).filter(line -> line.contains(containing)).toList();
    }

    @Test
    void identifiesAsNsqdDoesThenRegistersEachChangeInOrder() throws Exception {
        FakeLookupd lookupd = lookupd();
        LookupdClient client = client(config(), lookupd.tcpAddress());
        awaitIdentified(client, 1);

        client.register("t");
        client.register("t", "c");
        client.register("t", "e#ephemeral");
        client.unregister("t", "c");
        client.unregister("t", "e#ephemeral");
        client.unregister("t");
        client.register("t2#ephemeral");

        await().until(() -> lookupd.commands().size() == 8);
        assertEquals(List.of("IDENTIFY", "REGISTER t", "REGISTER t c", "REGISTER t e#ephemeral", "UNREGISTER t c",
                "UNREGISTER t e#ephemeral", "UNREGISTER t", "REGISTER t2#ephemeral"), lookupd.commands());
        assertEquals("{\"broadcast_address\":\"127.0.0.1\",\"hostname\":\"test-host\",\"http_port\":24151,"
                + "\"tcp_port\":24150,\"version\":\"1.3.0\"}", lookupd.connections().get(0).identity().toString());
        assertEquals(Set.of("t2#ephemeral"), lookupd.registrations());
        assertEquals(List.of(new LookupdInfo(lookupd.tcpPort(), lookupd.httpPort(), "1.3.0", "127.0.0.1")), client.lookupdInfos());
        assertEquals(1, logged(Level.INFO, "LOOKUPD(" + lookupd.tcpAddress() + "): peer info {TCPPort:").size());
    }

    @Test
    void announcesEveryRegistrationAfterIdentifyAsNsqdDoes() throws Exception {
        registrations.addAll(List.of(Registration.topic("a"), Registration.topic("b"), Registration.channel("b", "c1"),
                Registration.channel("b", "c2")));
        FakeLookupd lookupd = lookupd();
        client(config(), lookupd.tcpAddress());

        await().until(() -> lookupd.commands().size() == 4);
        // a topic with channels is registered through them only
        assertEquals(List.of("IDENTIFY", "REGISTER a", "REGISTER b c1", "REGISTER b c2"), lookupd.commands());
    }

    @Test
    void reconnectsAndReannouncesEverythingAfterTheLookupdRestarts() throws Exception {
        registrations.addAll(List.of(Registration.topic("a"), Registration.channel("b", "c")));
        FakeLookupd lookupd = lookupd();
        LookupdClient client = client(config(), lookupd.tcpAddress());
        await().until(() -> lookupd.registrations().equals(Set.of("a", "b", "b/c")));

        lookupd.stop();
        registrations.add(Registration.channel("d", "e")); // a change while it is down: announced with the rest
        client.register("d", "e");
        lookupd.start();

        await().atMost(10, TimeUnit.SECONDS).until(() -> lookupd.registrations().equals(Set.of("a", "b", "b/c", "d", "d/e")));
        List<FakeLookupd.Connection> connections = lookupd.connections();
        FakeLookupd.Connection second = connections.get(connections.size() - 1);
        assertEquals(List.of("IDENTIFY", "REGISTER a", "REGISTER b c", "REGISTER d e"), second.commands());
        assertEquals(1, logged(Level.WARN, "LOOKUPD(" + lookupd.tcpAddress() + "): connection lost - ").size());
        assertEquals(2, logged(Level.INFO, "): peer info ").size());
    }

    @Test
    void pingsAnIdleLookupd() throws Exception {
        FakeLookupd lookupd = lookupd();
        client(config().toBuilder().pingInterval(Duration.ofMillis(20)).build(), lookupd.tcpAddress());
        await().until(() -> lookupd.openConnections().size() == 1
                && lookupd.openConnections().get(0).commands().stream().filter("PING"::equals).count() >= 3);
    }

    @Test
    void keepsRetryingALookupdThatIsDownWithOneLogLineThenConnects() throws Exception {
        FakeLookupd lookupd = lookupd();
        lookupd.stop(); // its port is known and nobody listens on it
        registrations.add(Registration.topic("t"));
        client(config(), lookupd.tcpAddress());

        // later attempts log at debug only: several of them prove the retries
        await().until(() -> logged(Level.DEBUG, "): cannot connect - ").size() >= 3);
        assertEquals(1, logged(Level.WARN, "LOOKUPD(" + lookupd.tcpAddress() + "): cannot connect - ").size());

        lookupd.start();
        await().atMost(10, TimeUnit.SECONDS).until(() -> lookupd.registrations().equals(Set.of("t")));
        assertEquals(1, logged(Level.WARN, "): cannot connect - ").size());
        assertEquals(1, logged(Level.INFO, "): peer info ").size());
    }

    @Test
    void followsAddressChangesClosingRemovedPeers() throws Exception {
        registrations.add(Registration.topic("t"));
        FakeLookupd first = lookupd();
        FakeLookupd second = lookupd();
        LookupdClient client = client(config(), first.tcpAddress());
        await().until(() -> first.registrations().equals(Set.of("t")));

        client.setAddresses(List.of(second.tcpAddress()));
        await().until(() -> second.registrations().equals(Set.of("t")) && first.openConnections().isEmpty());
        assertEquals(List.of(second.tcpAddress()), client.addresses());

        client.setAddresses(List.of(second.tcpAddress(), first.tcpAddress(), first.tcpAddress()));
        await().until(() -> first.registrations().equals(Set.of("t")));
        assertEquals(List.of(second.tcpAddress(), first.tcpAddress()), client.addresses());
        assertEquals(1, second.connections().size(), "a kept peer keeps its connection");

        client.close();
        await().until(() -> first.openConnections().isEmpty() && second.openConnections().isEmpty());
    }

    @ParameterizedTest
    @EnumSource(value = FakeLookupd.Mode.class, names = {"GARBAGE", "INVALID", "SILENT"})
    void aLookupdThatAnswersIdentifyBadlyIsDroppedWithoutHarmingTheOthers(FakeLookupd.Mode mode) throws Exception {
        registrations.add(Registration.topic("t"));
        FakeLookupd bad = lookupd();
        bad.mode(mode);
        FakeLookupd good = lookupd();
        LookupdClientConfig config = config().toBuilder().ioTimeout(Duration.ofMillis(200)).build();
        LookupdClient client = client(config, bad.tcpAddress(), good.tcpAddress());

        await().until(() -> bad.connections().size() >= 3); // refused, then tried again with backoff
        await().until(() -> good.registrations().equals(Set.of("t")));
        assertTrue(bad.connections().stream().allMatch(c -> c.commands().equals(List.of("IDENTIFY"))));
        assertEquals(1, logged(Level.ERROR, "LOOKUPD(" + bad.tcpAddress() + "): ").size());
        assertEquals(1, good.connections().size());
        assertEquals(1, client.lookupdInfos().size());
    }

    @Test
    void anAnswerLargerThanTheLimitClosesTheConnection() throws Exception {
        FakeLookupd lookupd = lookupd();
        LookupdClientConfig small = config().toBuilder().maxResponseSize(16).build();
        LookupdClient client = client(small, lookupd.tcpAddress());

        await().until(() -> lookupd.connections().size() >= 2 && !lookupd.connections().get(0).open());
        assertTrue(client.lookupdInfos().isEmpty());
        assertEquals(1, logged(Level.ERROR, "LOOKUPD(" + lookupd.tcpAddress() + "): ").size());
    }

    @Test
    void channelsOfAsksTheLookupdsAndLeavesEphemeralChannelsOut() throws Exception {
        FakeLookupd lookupd = lookupd();
        LookupdClient nodeA = client(config(), lookupd.tcpAddress());
        awaitIdentified(nodeA, 1);
        nodeA.register("t", "c1");
        nodeA.register("t", "c2");
        nodeA.register("t", "tail#ephemeral");
        nodeA.register("other", "x");
        await().until(() -> lookupd.registrations().size() == 6);

        LookupdClient nodeB = new LookupdClient(config(), List::of);
        closing.add(0, nodeB);
        assertEquals(Set.of(), nodeB.channelsOf("t").get(), "no lookupd: nothing to ask");
        nodeB.setAddresses(List.of(lookupd.tcpAddress()));
        awaitIdentified(nodeB, 1);
        assertEquals(Set.of("c1", "c2"), nodeB.channelsOf("t").get(5, TimeUnit.SECONDS));
        assertEquals(Set.of(), nodeB.channelsOf("unknown").get(5, TimeUnit.SECONDS));

        lookupd.stop(); // HTTP down: logged, answered as none
        assertEquals(Set.of(), nodeB.channelsOf("t").get(10, TimeUnit.SECONDS));
    }
}
