package io.jnsq.server.tcp;

import io.jnsq.protocol.transport.Transports;
import io.jnsq.protocol.ProtocolContext;
import io.jnsq.protocol.ProtocolRegistry;
import io.jnsq.server.tcp.testprotocol.EchoProtocol;
import io.jnsq.server.tcp.testprotocol.FailingProtocol;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.jnsq.server.tcp.Bytes.BAD_PROTOCOL_FRAME;
import static io.jnsq.server.tcp.Bytes.ascii;
import static io.jnsq.server.tcp.Bytes.concat;
import static io.jnsq.server.tcp.Bytes.magic;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The server over real loopback sockets, on each transport this machine has. */
@Timeout(value = 30, unit = SECONDS)
class TcpServerTest {

    private static final byte[] PAYLOAD = ascii("PUB t\n\0\0\0\5hello");
    private static final byte[] ECHO_MAGIC = magic(EchoProtocol.MAGIC);

    private final List<TcpServer> servers = new ArrayList<>();
    private EchoProtocol echo;

    @AfterEach
    void closeServers() {
        servers.forEach(TcpServer::close);
    }

    @ParameterizedTest
    @EnumSource(Transports.class)
    void payloadInTheMagicsPacketIsEchoedExactly(Transports transport) throws Exception {
        TcpServer server = start(transport);
        try (RawClient client = RawClient.connect(server.boundAddress())) {
            client.write(concat(ECHO_MAGIC, PAYLOAD));

            assertArrayEquals(PAYLOAD, client.readExactly(PAYLOAD.length));
        }
    }

    @ParameterizedTest
    @EnumSource(Transports.class)
    void payloadSentAfterTheHandOverIsEchoed(Transports transport) throws Exception {
        TcpServer server = start(transport);
        try (RawClient client = RawClient.connect(server.boundAddress())) {
            client.write(ECHO_MAGIC);
            await().atMost(10, SECONDS).until(() -> echo.takeOvers() == 1);
            client.write(PAYLOAD);

            assertArrayEquals(PAYLOAD, client.readExactly(PAYLOAD.length));
        }
    }

    @ParameterizedTest
    @EnumSource(Transports.class)
    void magicSentOneByteAtATimeIsRecognised(Transports transport) throws Exception {
        TcpServer server = start(transport);
        try (RawClient client = RawClient.connect(server.boundAddress())) {
            for (byte b : ECHO_MAGIC) {
                client.write(new byte[] {b});
            }
            client.write(PAYLOAD);

            assertArrayEquals(PAYLOAD, client.readExactly(PAYLOAD.length));
        }
    }

    @ParameterizedTest
    @EnumSource(Transports.class)
    void unknownMagicGetsTheFramedBadProtocolBytesThenEof(Transports transport) throws Exception {
        TcpServer server = start(transport);
        try (RawClient client = RawClient.connect(server.boundAddress())) {
            client.write(ascii("  V1")); // nsqlookupd's magic

            assertArrayEquals(BAD_PROTOCOL_FRAME, client.readToEof());
        }
    }

    @ParameterizedTest
    @EnumSource(Transports.class)
    void bytesAfterAnUnknownMagicAreDiscarded(Transports transport) throws Exception {
        TcpServer server = start(transport);
        try (RawClient client = RawClient.connect(server.boundAddress())) {
            client.write(concat(ascii("GET / HTTP/1.0\r\n\r\n"), PAYLOAD));

            assertArrayEquals(BAD_PROTOCOL_FRAME, client.readToEof());
        }
    }

    @ParameterizedTest
    @EnumSource(Transports.class)
    void clientLeavingMidMagicDoesNotDisturbOthers(Transports transport) throws Exception {
        TcpServer server = start(transport);
        try (RawClient quitter = RawClient.connect(server.boundAddress())) {
            quitter.write(ascii("  "));
        }
        try (RawClient client = RawClient.connect(server.boundAddress())) {
            client.write(concat(ECHO_MAGIC, PAYLOAD));

            assertArrayEquals(PAYLOAD, client.readExactly(PAYLOAD.length));
        }
        await().atMost(10, SECONDS).until(() -> server.connectionCount() == 0);
    }

    @ParameterizedTest
    @EnumSource(Transports.class)
    void failedTakeOverClosesOnlyThatConnection(Transports transport) throws Exception {
        TcpServer server = start(transport);
        try (RawClient bystander = RawClient.connect(server.boundAddress());
             RawClient victim = RawClient.connect(server.boundAddress())) {
            bystander.write(ECHO_MAGIC);
            victim.write(concat(magic(FailingProtocol.MAGIC), PAYLOAD));

            assertArrayEquals(new byte[0], victim.readToEof());
            bystander.write(PAYLOAD);
            assertArrayEquals(PAYLOAD, bystander.readExactly(PAYLOAD.length));
            await().atMost(10, SECONDS).until(() -> server.connectionCount() == 1);
        }
    }

    /** Each client keeps its connection open until the server closes it; all must see EOF. */
    @ParameterizedTest
    @EnumSource(Transports.class)
    @Timeout(value = 60, unit = SECONDS)
    void thousandConcurrentClientsAreServedCountedAndClosedOnShutdown(Transports transport) throws Exception {
        int clientCount = 1000;
        TcpServer server = start(transport);
        InetSocketAddress address = server.boundAddress();
        ExecutorService connectors = Executors.newFixedThreadPool(64);
        List<RawClient> clients = new ArrayList<>();
        try {
            List<Future<RawClient>> served = new ArrayList<>();
            for (int i = 0; i < clientCount; i++) {
                byte[] payload = ascii("client " + i);
                served.add(connectors.submit(() -> connectAndEcho(address, payload)));
            }
            for (Future<RawClient> client : served) {
                clients.add(client.get());
            }
            await().atMost(10, SECONDS).until(() -> server.connectionCount() == clientCount);

            server.close();

            for (RawClient client : clients) {
                assertArrayEquals(new byte[0], client.readToEof());
            }
            assertEquals(0, server.connectionCount());
        } finally {
            connectors.shutdownNow();
            for (RawClient client : clients) {
                client.close();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Transports.class)
    void boundAddressReportsTheRealPortAndCloseTwiceIsHarmless(Transports transport) throws Exception {
        TcpServer server = start(transport);

        assertNotEquals(0, server.boundAddress().getPort());
        assertEquals("127.0.0.1", server.boundAddress().getAddress().getHostAddress());
        try (RawClient client = RawClient.connect(server.boundAddress())) {
            // closing the listener resets connections the kernel queued but the server never accepted
            await().atMost(10, SECONDS).until(() -> server.connectionCount() == 1);
            server.close();
            assertDoesNotThrow(server::close);
            assertArrayEquals(new byte[0], client.readToEof());
        }
        assertThrows(IOException.class, () -> RawClient.connect(server.boundAddress()).close());
        assertThrows(IllegalStateException.class, server::start);
    }

    @Test
    void closeBeforeStartIsHarmless() {
        TcpServer server = new TcpServer(new TcpServerConfig(TcpServerConfig.parseAddress("127.0.0.1:0"), true), registry());

        assertDoesNotThrow(server::close);
        assertThrows(IllegalStateException.class, server::boundAddress);
    }

    @Test
    void bindingATakenPortFailsNamingTheAddress() throws Exception {
        TcpServer first = start(Transports.NIO);
        TcpServer second = new TcpServer(new TcpServerConfig(first.boundAddress(), true), registry());
        servers.add(second);

        IllegalStateException error = assertThrows(IllegalStateException.class, second::start);
        assertEquals(true, error.getMessage().contains(TcpServerConfig.formatAddress(first.boundAddress())), error.getMessage());
    }

    private static RawClient connectAndEcho(InetSocketAddress address, byte[] payload) throws IOException {
        RawClient client = RawClient.connect(address);
        try {
            client.write(concat(ECHO_MAGIC, payload));
            assertArrayEquals(payload, client.readExactly(payload.length));
            return client;
        } catch (IOException | RuntimeException | AssertionError e) {
            client.close();
            throw e;
        }
    }

    /** The discovered echo protocol plus one registered in code, as nsqd would mix them. */
    private ProtocolRegistry registry() {
        ProtocolRegistry registry = ProtocolRegistry.builder()
                .discover(ProtocolContext.empty())
                .register(new FailingProtocol())
                .build();
        echo = (EchoProtocol) registry.lookup(EchoProtocol.MAGIC.value());
        return registry;
    }

    private TcpServer start(Transports transport) throws InterruptedException {
        assumeTrue(transport.isAvailable(), transport + " is not available here");
        TcpServer server = new TcpServer(
                new TcpServerConfig(TcpServerConfig.parseAddress("127.0.0.1:0"), transport == Transports.NIO), registry());
        servers.add(server);
        server.start();
        assertEquals(transport, server.transport());
        return server;
    }
}
