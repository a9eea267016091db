package io.jnsq.server.http;

import io.jnsq.broker.config.BrokerConfig;
import io.jnsq.server.http.api.ApiRequest;
import io.jnsq.server.http.api.ApiResponse;
import io.jnsq.server.http.api.BodyLimit;
import io.jnsq.server.http.api.Execution;
import io.jnsq.server.http.api.ListeningPorts;
import io.jnsq.server.http.api.ResponseFormat;
import io.jnsq.server.http.api.Route;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpMethod;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Route handlers run on the listener's worker threads: a waiting handler holds up neither its event loop
 * nor another connection, a connection still answers one request at a time and in order, and whatever a
 * connection holds is released however it ends. Real sockets on port 0, the real pipeline, test routes,
 * on epoll (where available) and on NIO, whose read interest is switched differently.
 */
@Timeout(60)
@ParameterizedClass(name = "forceNio={0}")
@ValueSource(booleans = {false, true})
class HandlerThreadsTest {

    private static final ListeningPorts PORTS = new ListeningPorts() {
        @Override
        public int tcp() {
            return 0;
        }

        @Override
        public int http() {
            return 0;
        }

        @Override
        public int https() {
            return 0;
        }
    };

    private final CountDownLatch blockEntered = new CountDownLatch(1);
    private final CountDownLatch unblock = new CountDownLatch(1);
    /** What the handlers did, in the order they did it. */
    private final List<String> handled = new CopyOnWriteArrayList<>();
    private final AtomicReference<String> blockThread = new AtomicReference<>();
    private final AtomicReference<ByteBuf> blockBody = new AtomicReference<>();
    /** The server's side of every connection. */
    private final List<Channel> connections = new CopyOnWriteArrayList<>();
    private final AtomicInteger tasksSubmitted = new AtomicInteger();
    private final AtomicInteger tasksDone = new AtomicInteger();
    private final AtomicBoolean refuseAll = new AtomicBoolean();
    private ListeningSocket server;
    private InetSocketAddress address;

    @Parameter
    boolean forceNio;

    @BeforeEach
    void start() throws InterruptedException {
        List<Route> routes = List.of(
                // as nsqd's: answered on the event loop
                new Route(HttpMethod.GET, "/ping", ResponseFormat.PLAIN_TEXT, BodyLimit.IGNORED, true, Execution.EVENT_LOOP,
                        request -> {
                            handled.add("ping");
                            return ApiResponse.text("OK");
                        }),
                new Route(HttpMethod.GET, "/block", ResponseFormat.PLAIN_TEXT, BodyLimit.IGNORED, true, Execution.WORKER,
                        this::block),
                new Route(HttpMethod.POST, "/block", ResponseFormat.PLAIN_TEXT, BodyLimit.MAX_MSG_SIZE, true, Execution.WORKER,
                        this::block),
                new Route(HttpMethod.POST, "/echo", ResponseFormat.PLAIN_TEXT, BodyLimit.MAX_MSG_SIZE, false, Execution.WORKER,
                        request -> {
                            String body = new String(request.bodyBytes(), StandardCharsets.UTF_8);
                            handled.add("echo " + body);
                            return ApiResponse.text(body);
                        }));
        HttpPipeline pipeline = new HttpPipeline(BrokerConfig.defaults(), PORTS, routes);
        server = new ListeningSocket("HTTP", new HttpServerConfig(new InetSocketAddress("127.0.0.1", 0), forceNio),
                (channel, workers) -> {
                    connections.add(channel);
                    // answers back up soon when a client does not read them
                    channel.config().setOption(ChannelOption.SO_SNDBUF, 32 * 1024);
                    pipeline.configure(channel.pipeline(), Listener.PLAIN, task -> {
                        if (refuseAll.get()) {
                            throw new RejectedExecutionException("refused by the test");
                        }
                        tasksSubmitted.incrementAndGet();
                        workers.execute(() -> {
                            try {
                                task.run();
                            } finally {
                                tasksDone.incrementAndGet();
                            }
                        });
                    });
                });
        server.start();
        address = server.boundAddress();
    }

    @AfterEach
    void stop() {
        unblock.countDown();
        server.close();
    }

    private ApiResponse block(ApiRequest request) {
        handled.add("block");
        blockThread.set(Thread.currentThread().getName());
        blockBody.set(request.body());
        blockEntered.countDown();
        try {
            if (!unblock.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("never unblocked");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        handled.add("block done");
        return ApiResponse.text("unblocked");
    }

    @Test
    void aWaitingHandlerHoldsUpNeitherItsEventLoopNorAnotherConnection() throws Exception {
        try (RawHttpConnection blocked = new RawHttpConnection(address)) {
            blocked.write("GET /block HTTP/1.1\r\nHost: x\r\n\r\n");
            assertTrue(blockEntered.await(10, TimeUnit.SECONDS));
            assertTrue(blockThread.get().startsWith("jnsq-http-worker-"), blockThread.get());
            EventLoop loop = serverSide(blocked).eventLoop();
            List<RawHttpConnection> opened = new ArrayList<>();
            try {
                // a connection on the very event loop of the waiting request (loops take connections in turn)
                RawHttpConnection neighbour = null;
                while (neighbour == null) {
                    assertTrue(opened.size() < 64, "no connection landed on the blocked request's event loop");
                    RawHttpConnection connection = new RawHttpConnection(address);
                    opened.add(connection);
                    if (serverSide(connection).eventLoop() == loop) {
                        neighbour = connection;
                    }
                }
                for (int i = 0; i < 3; i++) {
                    RawHttpConnection.Response ping = neighbour.write("GET /ping HTTP/1.1\r\nHost: x\r\n\r\n").read();
                    assertEquals(200, ping.status());
                    assertEquals("OK", ping.text());
                    // and a handler on another worker
                    assertEquals("hi", neighbour.write("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nhi").read().text());
                }
            } finally {
                for (RawHttpConnection connection : opened) {
                    connection.close();
                }
            }
            assertEquals(List.of("block", "ping", "echo hi", "ping", "echo hi", "ping", "echo hi"), handled);
            unblock.countDown();
            assertEquals("unblocked", blocked.read().text());
        }
    }

    @Test
    void pipelinedRequestsWaitForASlowOneAndAreAnsweredInOrder() throws Exception {
        StringBuilder pipelined = new StringBuilder("GET /block HTTP/1.1\r\nHost: x\r\n\r\n");
        List<String> answers = new ArrayList<>(List.of("unblocked"));
        List<String> order = new ArrayList<>(List.of("block", "block done"));
        // about 2 KiB each, 60 KiB in all: more than one read, so reading must resume midway
        for (int i = 0; i < 30; i++) {
            String body = ("message " + i + " ").repeat(200);
            switch (i % 3) {
                case 0 -> pipelined.append("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: ").append(body.length())
                        .append("\r\n\r\n").append(body);
                case 1 -> pipelined.append("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n")
                        .append(Integer.toHexString(body.length())).append("\r\n").append(body).append("\r\n0\r\n\r\n");
                default -> {
                    // answered before its body arrives, which is then skipped
                    pipelined.append("GET /ping HTTP/1.1\r\nHost: x\r\nContent-Length: ").append(body.length())
                            .append("\r\n\r\n").append(body);
                    body = "OK";
                }
            }
            answers.add(body);
            order.add(body.equals("OK") ? "ping" : "echo " + body);
        }
        // answered on the spot, one after the other (below the codec's pipeline depth with the rest)
        for (int i = 0; i < 80; i++) {
            pipelined.append("GET /ping HTTP/1.1\r\nHost: x\r\n\r\n");
            answers.add("OK");
            order.add("ping");
        }
        try (RawHttpConnection connection = new RawHttpConnection(address)) {
            connection.write(pipelined.toString());
            assertTrue(blockEntered.await(10, TimeUnit.SECONDS));
            Channel channel = serverSide(connection);
            ApiRequestHandler handler = channel.pipeline().get(ApiRequestHandler.class);
            // what was read past the waiting request waits too, and the connection reads no more
            await().atMost(10, TimeUnit.SECONDS).until(() -> onLoop(channel, handler::pendingCount) > 0);
            assertFalse(onLoop(channel, () -> channel.config().isAutoRead()));
            assertEquals(List.of("block"), handled);
            unblock.countDown();
            for (String answer : answers) {
                assertEquals(answer, connection.read().text());
            }
            assertEquals(order, handled);
            // idle again: reading, nothing held
            await().atMost(10, TimeUnit.SECONDS).until(() -> onLoop(channel, () -> channel.config().isAutoRead()));
            assertEquals(0, onLoop(channel, handler::pendingCount));
            assertEquals("OK", connection.write("GET /ping HTTP/1.1\r\nHost: x\r\n\r\n").read().text());
        }
    }

    /**
     * The connection ends while its handler waits, with pipelined requests read but not yet served: the
     * handler's body and what waited are released, the answer is dropped, nothing else runs, and nothing is
     * logged as an error. The class's leak check (paranoid) sees every buffer.
     */
    @ParameterizedTest
    @ValueSource(strings = {"server", "client"})
    void aConnectionClosedWhileItsHandlerRunsReleasesEverythingAndLogsNoError(String closedBy) throws Exception {
        PrintStream originalErr = System.err;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        System.setErr(new PrintStream(new Tee(originalErr, log), true, StandardCharsets.UTF_8));
        RawHttpConnection connection = new RawHttpConnection(address);
        try {
            String body = "x".repeat(3000);
            connection.write("POST /block HTTP/1.1\r\nHost: x\r\nContent-Length: 3000\r\n\r\n" + body
                    + ("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3000\r\n\r\n" + body).repeat(3)
                    + "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n" + "y".repeat(100));
            assertTrue(blockEntered.await(10, TimeUnit.SECONDS));
            Channel channel = serverSide(connection);
            ApiRequestHandler handler = channel.pipeline().get(ApiRequestHandler.class);
            await().atMost(10, TimeUnit.SECONDS).until(() -> onLoop(channel, handler::pendingCount) > 0);
            if (closedBy.equals("server")) {
                channel.close().syncUninterruptibly();
                assertTrue(connection.closedByServer());
            } else {
                // unseen until the answer is written: the connection reads nothing while requests wait
                connection.close();
            }
            unblock.countDown();
            await().atMost(10, TimeUnit.SECONDS).until(() -> channel.closeFuture().isDone());
            await().atMost(10, TimeUnit.SECONDS).until(() -> tasksDone.get() == tasksSubmitted.get());
            // each answer's hop back to the event loop was queued before this
            channel.eventLoop().submit(() -> { }).syncUninterruptibly();
            assertEquals(0, blockBody.get().refCnt());
            if (closedBy.equals("server")) {
                assertEquals(List.of("block", "block done"), handled);
            }
        } finally {
            connection.close();
            System.setErr(originalErr);
        }
        String logged = log.toString(StandardCharsets.UTF_8);
        assertFalse(logged.contains("ERROR"), logged);
        assertFalse(logged.contains("Exception"), logged);
    }

    @Test
    void aClientThatReadsNoAnswersIsReadNoFurtherUntilItDoes() throws Exception {
        RawHttpConnection connection = new RawHttpConnection(address, 32 * 1024);
        Thread writer = null;
        try {
            byte[] pings = "GET /ping HTTP/1.1\r\nHost: x\r\n\r\n".repeat(1000).getBytes(StandardCharsets.ISO_8859_1);
            writer = new Thread(() -> {
                try {
                    while (true) {
                        connection.write(pings);
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            writer.setDaemon(true);
            writer.start();
            Channel channel = serverSide(connection);
            // answers pile up to the write buffer's high-water mark, then the connection is read no further
            await().atMost(30, TimeUnit.SECONDS)
                    .until(() -> onLoop(channel, () -> !channel.isWritable() && !channel.config().isAutoRead()));
            long queued = onLoop(channel, () -> channel.unsafe().outboundBuffer().totalPendingWriteBytes());
            assertTrue(queued < 1024 * 1024, queued + " bytes of answers queued");
            // reading the answers lets it read again
            int read = 0;
            while (!onLoop(channel, () -> channel.config().isAutoRead())) {
                for (int i = 0; i < 100; i++, read++) {
                    assertEquals("OK", connection.read().text());
                }
                assertTrue(read < 1_000_000);
            }
        } finally {
            // ends the writer too
            connection.close();
            if (writer != null) {
                writer.join(10_000);
            }
        }
    }

    @Test
    void closingTheServerLetsARunningHandlerAnswer() throws Exception {
        try (RawHttpConnection connection = new RawHttpConnection(address)) {
            connection.write("GET /block HTTP/1.1\r\nHost: x\r\n\r\n");
            assertTrue(blockEntered.await(10, TimeUnit.SECONDS));
            CompletableFuture<Void> closing = CompletableFuture.runAsync(server::close);
            unblock.countDown();
            assertEquals("unblocked", connection.read().text());
            closing.get(20, TimeUnit.SECONDS);
            assertTrue(connection.closedByServer());
        }
    }

    @Test
    void aRequestNoWorkerTakesIsAnswered503AndTheConnectionGoesOn() throws Exception {
        try (RawHttpConnection connection = new RawHttpConnection(address)) {
            refuseAll.set(true);
            // needs no worker
            assertEquals("OK", connection.write("GET /ping HTTP/1.1\r\nHost: x\r\n\r\n").read().text());
            for (int i = 0; i < 2; i++) {
                RawHttpConnection.Response refused = connection.write("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello")
                        .read();
                assertEquals(503, refused.status());
                assertEquals("BUSY", refused.text());
            }
            refuseAll.set(false);
            assertEquals("hello", connection.write("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello").read().text());
            assertEquals(List.of("ping", "echo hello"), handled);
        }
    }

    private Channel serverSide(RawHttpConnection connection) {
        AtomicReference<Channel> found = new AtomicReference<>();
        await().atMost(10, TimeUnit.SECONDS).until(() -> {
            for (Channel channel : connections) {
                InetSocketAddress remote = (InetSocketAddress) channel.remoteAddress();
                if (remote != null && remote.getPort() == connection.localPort()) {
                    found.set(channel);
                    return true;
                }
            }
            return false;
        });
        return found.get();
    }

    /** Connection state is the event loop's: read it there. */
    private static <T> T onLoop(Channel channel, Supplier<T> read) throws InterruptedException, ExecutionException {
        return channel.eventLoop().submit(read::get).get();
    }

    /** Writes to the original stream and keeps a copy. */
    private static final class Tee extends OutputStream {

        private final OutputStream original;
        private final ByteArrayOutputStream copy;

        Tee(OutputStream original, ByteArrayOutputStream copy) {
            this.original = original;
            this.copy = copy;
        }

        @Override
        public synchronized void write(int b) throws IOException {
            original.write(b);
            copy.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws IOException {
            original.write(b, off, len);
            copy.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            original.flush();
        }
    }
}
