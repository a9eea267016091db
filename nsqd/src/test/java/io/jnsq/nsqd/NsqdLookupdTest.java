package io.jnsq.nsqd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jnsq.broker.OsHostname;
import io.jnsq.broker.wire.WireClient;
import io.jnsq.lookupd.FakeLookupd;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Nsqd registering with an nsqlookupd stand-in, alone and as a cluster of three in one JVM. */
@Timeout(60)
class NsqdLookupdTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataRoot;
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<AutoCloseable> closing = new ArrayList<>();
    private int nodes;

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable resource : closing) {
            resource.close();
        }
    }

    private FakeLookupd lookupd() throws Exception {
        FakeLookupd lookupd = FakeLookupd.start0();
        closing.add(lookupd);
        return lookupd;
    }

    /** A node on ports chosen by the system, its own data path, announcing 127.0.0.1. */
    private Nsqd node(String... extraArgs) throws Exception {
        List<String> args = new ArrayList<>(List.of("--tcp-address=127.0.0.1:0", "--http-address=127.0.0.1:0",
                "--data-path=" + dataRoot.resolve("node" + nodes++), "--broadcast-address=127.0.0.1"));
        args.addAll(List.of(extraArgs));
        Nsqd nsqd = new Nsqd(OptionsResolver.resolve(args.toArray(String[]::new)));
        closing.add(0, nsqd); // nodes close before the lookupd
        nsqd.start();
        return nsqd;
    }

    private HttpResponse<String> send(String method, InetSocketAddress address, String path, String body) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + address.getPort() + path);
        return http.send(HttpRequest.newBuilder(uri).method(method, HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private void post(Nsqd nsqd, String path, String body) throws Exception {
        HttpResponse<String> response = send("POST", nsqd.httpAddress(), path, body);
        assertEquals(200, response.statusCode(), response.body());
    }

    private static void awaitIdentified(FakeLookupd lookupd, int connections) {
        await().atMost(10, TimeUnit.SECONDS).until(() -> lookupd.openConnections().stream()
                .filter(connection -> connection.identity() != null).count() == connections);
    }

    @Test
    void identifiesWithTheBoundPortsAndRegistersWhatHttpAndTcpCreate() throws Exception {
        FakeLookupd lookupd = lookupd();
        Nsqd nsqd = node("--lookupd-tcp-address=" + lookupd.tcpAddress());
        awaitIdentified(lookupd, 1);
        JsonNode identity = lookupd.openConnections().get(0).identity();
        assertEquals("127.0.0.1", identity.get("broadcast_address").asText());
        assertEquals(nsqd.tcpAddress().getPort(), identity.get("tcp_port").asInt());
        assertEquals(nsqd.httpAddress().getPort(), identity.get("http_port").asInt());
        assertEquals("1.3.0", identity.get("version").asText());
        assertEquals(OsHostname.get(), identity.get("hostname").asText());

        post(nsqd, "/topic/create?topic=newt", "");
        post(nsqd, "/channel/create?topic=newt&channel=nc", "");
        post(nsqd, "/channel/delete?topic=newt&channel=nc", "");
        post(nsqd, "/topic/delete?topic=newt", "");
        try (WireClient client = WireClient.connect(nsqd.tcpAddress())) {
            client.pub("tcp", "m").expectResponse("OK");
            client.subscribe("tcp", "tail#ephemeral");
        }
        // the last consumer of an ephemeral channel left: it is deleted
        await().until(() -> lookupd.commands().size() == 8);
        assertEquals(List.of("IDENTIFY", "REGISTER newt", "REGISTER newt nc", "UNREGISTER newt nc", "UNREGISTER newt",
                "REGISTER tcp", "REGISTER tcp tail#ephemeral", "UNREGISTER tcp tail#ephemeral"), lookupd.commands());
        assertEquals(Set.of("tcp"), lookupd.registrations());
    }

    @Test
    void theBroadcastFlagsAreWhatIsAnnounced() throws Exception {
        FakeLookupd lookupd = lookupd();
        node("--lookupd-tcp-address=" + lookupd.tcpAddress(), "--broadcast-address=node-a.example",
                "--broadcast-tcp-port=4000", "--broadcast-http-port=4001");
        awaitIdentified(lookupd, 1);
        assertEquals("{\"broadcast_address\":\"node-a.example\",\"hostname\":\"" + OsHostname.get()
                + "\",\"http_port\":4001,\"tcp_port\":4000,\"version\":\"1.3.0\"}", lookupd.openConnections().get(0).identity().toString());
    }

    @Test
    void topicsRestoredAtStartupAreAnnouncedOnConnect() throws Exception {
        Nsqd first = node();
        post(first, "/topic/create?topic=kept", "");
        post(first, "/channel/create?topic=kept&channel=c", "");
        post(first, "/topic/create?topic=alone", "");
        Path dataPath = first.config().queues().dataPath().orElseThrow();
        first.close();

        FakeLookupd lookupd = lookupd();
        Nsqd restarted = new Nsqd(OptionsResolver.resolve("--tcp-address=127.0.0.1:0", "--http-address=127.0.0.1:0",
                "--data-path=" + dataPath, "--lookupd-tcp-address=" + lookupd.tcpAddress()));
        closing.add(0, restarted);
        restarted.start();
        await().until(() -> lookupd.registrations().equals(Set.of("alone", "kept", "kept/c")));
        assertEquals(List.of("IDENTIFY", "REGISTER alone", "REGISTER kept c"), lookupd.commands());
    }

    @Test
    void putConfigNsqlookupdTcpAddressesMovesTheRegistrations() throws Exception {
        FakeLookupd first = lookupd();
        FakeLookupd second = lookupd();
        Nsqd nsqd = node();
        post(nsqd, "/topic/create?topic=t", "");

        HttpResponse<String> put = send("PUT", nsqd.httpAddress(), "/config/nsqlookupd_tcp_addresses", "[\"" + first.tcpAddress() + "\"]");
        assertEquals(200, put.statusCode(), put.body());
        await().until(() -> first.registrations().equals(Set.of("t")));

        put = send("PUT", nsqd.httpAddress(), "/config/nsqlookupd_tcp_addresses", "[\"" + second.tcpAddress() + "\"]");
        assertEquals("[\"" + second.tcpAddress() + "\"]", put.body());
        await().until(() -> second.registrations().equals(Set.of("t")) && first.openConnections().isEmpty());

        nsqd.close(); // lookupd forgets a node whose connection closed
        await().until(() -> second.openConnections().isEmpty());
    }

    @Test
    void aConsumerFindsEveryNodeOfAClusterThroughLookupAndReceivesWhatEachPublished() throws Exception {
        FakeLookupd lookupd = lookupd();
        List<Nsqd> cluster = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Nsqd node = node("--lookupd-tcp-address=" + lookupd.tcpAddress());
            post(node, "/topic/create?topic=orders", "");
            cluster.add(node);
        }
        await().until(() -> lookupd.openConnections().stream().filter(c -> c.registrations().contains("orders")).count() == 3);

        HttpResponse<String> lookup = send("GET", new InetSocketAddress("127.0.0.1", lookupd.httpPort()), "/lookup?topic=orders", "");
        assertEquals(200, lookup.statusCode());
        List<WireClient> consumers = new ArrayList<>();
        Set<Integer> producerPorts = new HashSet<>();
        try {
            for (JsonNode producer : JSON.readTree(lookup.body()).get("producers")) {
                InetSocketAddress address = new InetSocketAddress(producer.get("broadcast_address").asText(), producer.get("tcp_port").asInt());
                producerPorts.add(address.getPort());
                WireClient consumer = WireClient.connect(address);
                consumers.add(consumer);
                consumer.subscribe("orders", "billing");
                consumer.send("RDY 10");
            }
            assertEquals(Set.of(cluster.get(0).tcpAddress().getPort(), cluster.get(1).tcpAddress().getPort(),
                    cluster.get(2).tcpAddress().getPort()), producerPorts);

            for (int i = 0; i < 3; i++) {
                post(cluster.get(i), "/pub?topic=orders", "order from node " + i);
            }
            Set<String> received = new HashSet<>();
            for (WireClient consumer : consumers) {
                WireClient.Delivery delivery = consumer.readMessage();
                received.add(delivery.text());
                consumer.send("FIN " + delivery.id());
            }
            assertEquals(Set.of("order from node 0", "order from node 1", "order from node 2"), received);
        } finally {
            for (WireClient consumer : consumers) {
                consumer.close();
            }
        }
    }

    @Test
    void aTopicNewToANodeGetsTheChannelsTheClusterHasBeforeItDelivers() throws Exception {
        FakeLookupd lookupd = lookupd();
        Nsqd nodeA = node("--lookupd-tcp-address=" + lookupd.tcpAddress());
        Nsqd nodeB = node("--lookupd-tcp-address=" + lookupd.tcpAddress());
        post(nodeA, "/topic/create?topic=events", "");
        post(nodeA, "/channel/create?topic=events&channel=archive", "");
        await().until(() -> lookupd.registrations().contains("events/archive"));
        awaitIdentified(lookupd, 2);

        post(nodeB, "/pub?topic=events", "first on B"); // B never saw the topic: it asks lookupd first

        await().until(() -> nodeB.broker().findTopic("events").flatMap(t -> t.findChannel("archive"))
                .map(channel -> channel.depth() == 1).orElse(false));
        try (WireClient consumer = WireClient.connect(nodeB.tcpAddress())) {
            consumer.subscribe("events", "archive");
            consumer.send("RDY 1");
            assertEquals("first on B", consumer.readMessage().text());
        }
        assertTrue(lookupd.openConnections().stream().filter(c -> c.registrations().contains("events/archive")).count() == 2);
    }
}
