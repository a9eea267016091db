package io.jnsq.broker.auth;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * An auth server for tests, on 127.0.0.1 and an ephemeral port: answers every request on every path with
 * the configured status and body (by default {@link #ALLOW_ALL}), optionally late, and records what it was
 * asked. Configure it before or between queries; {@link #close()} also ends any delay in progress.
 *
 * <pre>{@code
 * try (FakeAuthServer auth = FakeAuthServer.start().reply(FakeAuthServer.ALLOW_ALL)) {
 *     AuthClient client = new AuthClient(AuthClientConfig.defaults(List.of(auth.address())));
 *     ...
 *     assertEquals("/auth?common_name=&remote_ip=127.0.0.1&secret=good&tls=false", auth.requests().get(0).pathAndQuery());
 * }
 * }</pre>
 */
public final class FakeAuthServer implements AutoCloseable {

    /** Identity {@code test}, one entry granting subscribe and publish on every topic and channel, for an hour. */
    public static final String ALLOW_ALL = "{\"ttl\":3600,\"identity\":\"test\",\"identity_url\":\"http://auth.example/test\","
            + "\"authorizations\":[{\"topic\":\".*\",\"channels\":[\".*\"],\"permissions\":[\"subscribe\",\"publish\"]}]}";

    /**
     * One request as received.
     *
     * @param pathAndQuery raw (still URL-encoded), e.g. {@code /auth?common_name=&remote_ip=127.0.0.1&secret=good&tls=false}
     * @param headers      keyed case-insensitively
     */
    public record Request(String method, String pathAndQuery, Map<String, List<String>> headers, String body) {

        /** The first value of a header, or {@code null}. */
        public String header(String name) {
            List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? null : values.get(0);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "fake-auth-server");
        thread.setDaemon(true);
        return thread;
    });
    private final CountDownLatch closed = new CountDownLatch(1);
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile int status = 200;
    private volatile String body = ALLOW_ALL;
    private volatile Duration delay = Duration.ZERO;
    private volatile Duration bodyDelay = Duration.ZERO;

    private FakeAuthServer(HttpServer server) {
        this.server = server;
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** A plain HTTP auth server. */
    public static FakeAuthServer start() throws IOException {
        return new FakeAuthServer(HttpServer.create(loopback(), 0));
    }

    /** An HTTPS auth server presenting the certificate {@code tls} holds. */
    public static FakeAuthServer startHttps(SSLContext tls) throws IOException {
        HttpsServer server = HttpsServer.create(loopback(), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        return new FakeAuthServer(server);
    }

    /** Answer 200 with this JSON. */
    public FakeAuthServer reply(String json) {
        return reply(200, json);
    }

    public FakeAuthServer reply(int status, String body) {
        this.status = status;
        this.body = body;
        return this;
    }

    /** Wait this long before answering at all (until {@link #close()} for a server that never answers). */
    public FakeAuthServer delay(Duration delay) {
        this.delay = delay;
        return this;
    }

    /** Send the status line and headers at once, then wait this long before the body. */
    public FakeAuthServer delayBody(Duration bodyDelay) {
        this.bodyDelay = bodyDelay;
        return this;
    }

    /** {@code 127.0.0.1:port}, the form {@code --auth-http-address} takes. */
    public String address() {
        return "127.0.0.1:" + port();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Every request so far, oldest first. */
    public List<Request> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, List.copyOf(values)));
            String query = exchange.getRequestURI().getRawQuery();
            requests.add(new Request(exchange.getRequestMethod(),
                    exchange.getRequestURI().getRawPath() + (query == null ? "" : "?" + query),
                    headers, new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            if (pause(delay)) {
                return;
            }
            byte[] reply = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, reply.length == 0 ? -1 : reply.length); // 0 would mean chunked
            try (OutputStream out = exchange.getResponseBody()) {
                out.flush();
                if (!pause(bodyDelay)) {
                    out.write(reply);
                }
            }
        }
    }

    /** @return whether the server closed meanwhile */
    private boolean pause(Duration duration) {
        try {
            return !duration.isZero() && closed.await(duration.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    private static InetSocketAddress loopback() {
        return new InetSocketAddress("127.0.0.1", 0);
    }
}
