package io.jnsq.nsqd;

import io.jnsq.broker.Broker;
import io.jnsq.broker.BrokerListener;
import io.jnsq.broker.Options;
import io.jnsq.broker.Version;
import io.jnsq.protocol.ProtocolContext;
import io.jnsq.protocol.ProtocolRegistry;
import io.jnsq.server.http.HttpPipeline;
import io.jnsq.server.http.HttpServer;
import io.jnsq.server.http.HttpServerConfig;
import io.jnsq.server.http.api.ListeningPorts;
import io.jnsq.protocol.tls.ClientAuthPolicy;
import io.jnsq.server.https.HttpsServer;
import io.jnsq.server.https.HttpsServerConfig;
import io.jnsq.protocol.tls.TlsSettings;
import io.jnsq.server.tcp.TcpServer;
import io.jnsq.server.tcp.TcpServerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One nsqd: the process {@link Main} runs, and what tests and embedders start in their own JVM.
 *
 * <pre>{@code
 * try (Nsqd nsqd = new Nsqd(OptionsResolver.resolve("--tcp-address=127.0.0.1:0", "--data-path=/tmp/q"))) {
 *     nsqd.start();
 *     InetSocketAddress address = nsqd.tcpAddress();
 *     …
 * }
 * }</pre>
 *
 * Started once; {@link #close()} may be called any number of times, from any thread.
 */
public final class Nsqd implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Nsqd.class);

    private final Options options;

    private boolean started;
    private boolean closed;
    private DataPathLock dataPathLock;
    private Broker broker;
    private volatile TcpServer tcpServer;
    private volatile HttpServer httpServer;
    private volatile HttpsServer httpsServer;

    public Nsqd(Options options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    public Options options() {
        return options;
    }

    /**
     * Locks the data path and starts listening, in nsqd's order. On failure everything acquired so far
     * is released and this instance is closed.
     *
     * @throws StartupException with nsqd's message, e.g. the data path is locked or the port is taken
     * @throws IllegalStateException when called twice or after {@link #close()}
     */
    public synchronized void start() throws StartupException {
        if (started || closed) {
            throw new IllegalStateException(closed ? "nsqd is closed" : "nsqd is already started");
        }
        started = true;
        LOG.info(Version.describe());
        LOG.info("ID: {}", options.nodeId());
        try {
            dataPathLock = DataPathLock.acquire(dataPath());
            broker = new Broker(options, BrokerListener.NONE);
            loadMetadata();
            tcpServer = listenTcp(ProtocolRegistry.builder().discover(protocolContext()).build());
            HttpPipeline api = new HttpPipeline(broker, new BoundPorts());
            if (!options.httpAddress().isEmpty()) {
                httpServer = listenHttp(api);
            }
            if (options.tlsEnabled() && !options.httpsAddress().isEmpty()) {
                httpsServer = listenHttps(api);
            }
        } catch (StartupException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** The address TCP clients connect to: with {@code --tcp-address=…:0}, the port the OS picked. */
    public synchronized InetSocketAddress tcpAddress() {
        if (tcpServer == null) {
            throw new IllegalStateException("nsqd is not listening");
        }
        return tcpServer.boundAddress();
    }

    /** The address of the HTTP API: with {@code --http-address=…:0}, the port the OS picked. */
    public synchronized InetSocketAddress httpAddress() {
        if (httpServer == null) {
            throw new IllegalStateException("nsqd is not listening for HTTP");
        }
        return httpServer.boundAddress();
    }

    /** The address of the HTTPS API, when TLS is configured. */
    public synchronized InetSocketAddress httpsAddress() {
        if (httpsServer == null) {
            throw new IllegalStateException("nsqd is not listening for HTTPS");
        }
        return httpsServer.boundAddress();
    }

    /** The broker this nsqd serves; embedders may publish and inspect through it. */
    public synchronized Broker broker() {
        if (broker == null) {
            throw new IllegalStateException("nsqd is not started");
        }
        return broker;
    }

    /** Everything each protocol provider may ask for: the single place where services join the context. */
    private ProtocolContext protocolContext() {
        return ProtocolContext.builder()
                .with(Options.class, options)
                .with(Broker.class, broker)
                .build();
    }

    private void loadMetadata() throws StartupException {
        try {
            broker.loadMetadata();
        } catch (IOException e) {
            throw new StartupException(e.getMessage(), e);
        }
    }

    private TcpServer listenTcp(ProtocolRegistry registry) throws StartupException {
        TcpServer server;
        try {
            server = new TcpServer(new TcpServerConfig(TcpServerConfig.parseAddress(options.tcpAddress()), options.forceNio()), registry);
        } catch (IllegalArgumentException e) {
            throw listenFailure(e.getMessage(), e);
        }
        try {
            server.start();
            return server;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            server.close();
            throw new StartupException("interrupted while starting to listen on " + options.tcpAddress(), e);
        } catch (IllegalStateException e) {
            server.close();
            throw listenFailure(e.getCause() == null ? e.getMessage() : e.getCause().getMessage(), e);
        }
    }

    private StartupException listenFailure(String reason, Throwable cause) {
        return listenFailure(options.tcpAddress(), reason, cause);
    }

    private static StartupException listenFailure(String address, String reason, Throwable cause) {
        return new StartupException("listen (" + address + ") failed - " + reason, cause);
    }

    private HttpServer listenHttp(HttpPipeline api) throws StartupException {
        return listen(options.httpAddress(), address -> {
            HttpServer server = new HttpServer(new HttpServerConfig(address, options.forceNio()), api);
            server.start();
            return server;
        });
    }

    private HttpsServer listenHttps(HttpPipeline api) throws StartupException {
        TlsSettings tls = new TlsSettings(Path.of(options.tlsCert()), Path.of(options.tlsKey()),
                ClientAuthPolicy.parse(options.tlsClientAuthPolicy()),
                options.tlsRootCaFile().isEmpty() ? null : Path.of(options.tlsRootCaFile()), options.tlsMinVersion());
        return listen(options.httpsAddress(), address -> {
            HttpsServer server = new HttpsServer(new HttpsServerConfig(address, options.forceNio(), tls), api);
            server.start();
            return server;
        });
    }

    /** Starts a listener on {@code address}, turning a bad address or a failed bind into nsqd's startup error. */
    private static <S> S listen(String address, Listener<S> listener) throws StartupException {
        try {
            return listener.start(TcpServerConfig.parseAddress(address));
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw listenFailure(address, e.getCause() == null ? e.getMessage() : e.getCause().getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StartupException("interrupted while starting to listen on " + address, e);
        }
    }

    @FunctionalInterface
    private interface Listener<S> {
        S start(InetSocketAddress address) throws InterruptedException;
    }

    /** The real listening ports, read when asked: /info and TLS_REQUIRED answers need them. */
    private final class BoundPorts implements ListeningPorts {
        @Override
        public int tcp() {
            return tcpServer.boundAddress().getPort();
        }

        @Override
        public int http() {
            return httpServer == null ? 0 : httpServer.boundAddress().getPort();
        }

        @Override
        public int https() {
            return httpsServer == null ? 0 : httpsServer.boundAddress().getPort();
        }
    }

    private Path dataPath() {
        return options.dataPath().isEmpty() ? Path.of("").toAbsolutePath() : Path.of(options.dataPath());
    }

    /**
     * Stops accepting and drops every client, persists what the broker holds, then frees the data path;
     * later calls do nothing.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (tcpServer != null) {
            tcpServer.close();
        }
        if (httpsServer != null) {
            httpsServer.close();
        }
        if (httpServer != null) {
            httpServer.close();
        }
        if (broker != null) {
            broker.close();
        }
        if (dataPathLock != null) {
            try {
                dataPathLock.close();
            } catch (IOException e) {
                LOG.warn("failed to unlock data-path - {}", e.toString());
            }
        }
    }
}
