package io.jnsq.nsqd;

import io.jnsq.broker.Broker;
import io.jnsq.broker.Options;
import io.jnsq.broker.OsHostname;
import io.jnsq.broker.Version;
import io.jnsq.broker.auth.AuthClient;
import io.jnsq.broker.auth.AuthClientConfig;
import io.jnsq.broker.stats.Stats;
import io.jnsq.lookupd.LookupdClient;
import io.jnsq.lookupd.LookupdClientConfig;
import io.jnsq.metrics.PrometheusMetrics;
import io.jnsq.metrics.StatsdConfig;
import io.jnsq.metrics.StatsdPrefix;
import io.jnsq.metrics.StatsdPusher;
import io.jnsq.protocol.ProtocolContext;
import io.jnsq.protocol.ProtocolRegistry;
import io.jnsq.server.http.HttpPipeline;
import io.jnsq.server.http.HttpServer;
import io.jnsq.server.http.HttpServerConfig;
import io.jnsq.server.http.api.ApiResponse;
import io.jnsq.server.http.api.ListeningPorts;
import io.jnsq.server.http.api.MetricsSource;
import io.jnsq.server.http.api.OptionsChangeListener;
import io.jnsq.server.https.HttpsServer;
import io.jnsq.server.https.HttpsServerConfig;
import io.jnsq.server.tcp.TcpServer;
import io.jnsq.server.tcp.TcpServerConfig;
import io.netty.handler.ssl.SslContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

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
 *
 * <p>Start the JVM that runs it with {@code -XX:+ExitOnOutOfMemoryError}: an {@link OutOfMemoryError}
 * on an event loop or timer thread leaves a broker that no longer serves, which only the JVM can end at
 * once. {@link Main} warns at start when the option is missing.
 */
public final class Nsqd implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Nsqd.class);

    private final Options options;
    private final OptionsChangeListener onOptionsChange;

    private boolean started;
    private boolean closed;
    private DataPathLock dataPathLock;
    private Broker broker;
    private volatile TcpServer tcpServer;
    private volatile HttpServer httpServer;
    private volatile HttpsServer httpsServer;
    private final LookupdRegistrar lookupdRegistrar = new LookupdRegistrar();
    private volatile LookupdClient lookupd;
    private StatsdPusher statsdPusher;
    private final Object prometheusLock = new Object();
    private PrometheusMetrics prometheus;

    public Nsqd(Options options) {
        this(options, OptionsChangeListener.NONE);
    }

    /**
     * @param onOptionsChange told of each runtime change ({@code PUT /config/log_level}, …); {@link Main}
     *                        sets its logging level from it
     */
    public Nsqd(Options options, OptionsChangeListener onOptionsChange) {
        this.options = Objects.requireNonNull(options, "options");
        this.onOptionsChange = Objects.requireNonNull(onOptionsChange, "onOptionsChange");
    }

    public Options options() {
        return options;
    }

    /**
     * Locks the data path, builds the TLS context, loads the metadata, binds every listener and only then
     * lets them all accept, so that once any of them answers (say {@code /ping}) every other one does too.
     * On failure everything acquired so far is released and this instance is closed.
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
            SslContext sslContext = ServerSslContext.build(options);
            AuthClient authClient = authClient();
            broker = new Broker(options, null, List.of(lookupdRegistrar), lookupdRegistrar);
            loadMetadata();
            bindListeners(sslContext, authClient);
            resolveBroadcastPortsAndStatsdPrefix();
            StatsdConfig statsd = statsdConfig();
            startAccepting();
            startLookupd();
            startStatsd(statsd);
        } catch (StartupException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** In nsqd's order, TCP, HTTP, HTTPS, so that of several taken ports the same one is reported. */
    private void bindListeners(SslContext sslContext, AuthClient authClient) throws StartupException {
        ProtocolRegistry protocols = ProtocolRegistry.builder().discover(protocolContext(sslContext, authClient)).build();
        tcpServer = bind(options.tcpAddress(),
                address -> new TcpServer(new TcpServerConfig(address, options.forceNio()), protocols), TcpServer::bind);
        HttpPipeline api = new HttpPipeline(broker, new BoundPorts(), this::optionsChanged, prometheusMetrics());
        if (!options.httpAddress().isEmpty()) {
            httpServer = bind(options.httpAddress(),
                    address -> new HttpServer(new HttpServerConfig(address, options.forceNio()), api), HttpServer::bind);
        }
        if (sslContext != null && !options.httpsAddress().isEmpty()) {
            httpsServer = bind(options.httpsAddress(),
                    address -> new HttpsServer(new HttpsServerConfig(address, options.forceNio(), sslContext), api), HttpsServer::bind);
        }
    }

    /**
     * {@code /metrics}: the Prometheus registry's text exposition, read from one stats snapshot per scrape.
     * Built at the first scrape: a node nobody scrapes loads no Prometheus classes at startup.
     */
    private MetricsSource prometheusMetrics() {
        return () -> {
            PrometheusMetrics.Scrape scrape = prometheus().scrape();
            return new ApiResponse(200, scrape.contentType(), scrape.body(), Map.of());
        };
    }

    /** Not this instance's monitor: {@link #close()} holds that while the HTTP workers finish their scrapes. */
    private PrometheusMetrics prometheus() {
        synchronized (prometheusLock) {
            if (prometheus == null) {
                prometheus = new PrometheusMetrics(() -> Stats.collect(broker));
            }
            return prometheus;
        }
    }

    /**
     * As nsqd does once it listens: unset broadcast ports become the bound ones, and {@code %s} in the
     * statsd prefix becomes this node's broadcast address and HTTP port; the options then hold the
     * results ({@code GET /config/broadcast_http_port}, {@code GET /config/statsd_prefix}).
     */
    private void resolveBroadcastPortsAndStatsdPrefix() {
        Options current = broker.options();
        BoundPorts bound = new BoundPorts();
        int httpPort = current.broadcastHttpPort() != 0 ? current.broadcastHttpPort() : Math.max(0, bound.http());
        int tcpPort = current.broadcastTcpPort() != 0 ? current.broadcastTcpPort() : Math.max(0, bound.tcp());
        String prefix = StatsdPrefix.expand(current.statsdPrefix(), current.broadcastAddress(), httpPort);
        broker.swapOptions(current.toBuilder().broadcastHttpPort(httpPort).broadcastTcpPort(tcpPort)
                .statsdPrefix(prefix).build());
    }

    /** Checked before anything accepts: a bad statsd setting stops startup, not the first push. */
    private StatsdConfig statsdConfig() throws StartupException {
        try {
            return StatsdConfig.from(broker.options());
        } catch (IllegalArgumentException e) {
            throw new StartupException(e.getMessage(), e);
        }
    }

    /** With {@code --statsd-address}: pushes on its own thread from one interval after start. */
    private void startStatsd(StatsdConfig config) {
        if (config.enabled()) {
            statsdPusher = StatsdPusher.start(config, () -> Stats.collect(broker));
        }
    }

    /** Plain HTTP last: a client that sees {@code /ping} answer finds TCP and HTTPS served already. */
    private void startAccepting() {
        tcpServer.startAccepting();
        if (httpsServer != null) {
            httpsServer.startAccepting();
        }
        if (httpServer != null) {
            httpServer.startAccepting();
        }
    }

    /**
     * Registers with every {@code --lookupd-tcp-address}, announcing the broadcast ports (resolved to the
     * bound ones by then). Started even without addresses: {@code PUT /config/nsqlookupd_tcp_addresses}
     * may add some (it starts no thread until then).
     */
    private void startLookupd() throws StartupException {
        Options resolved = broker.options();
        String hostname;
        try {
            hostname = OsHostname.get();
        } catch (IOException e) {
            throw new StartupException("failed to get hostname - " + e.getMessage(), e);
        }
        LookupdClientConfig config = LookupdClientConfig.of(resolved.broadcastAddress(),
                resolved.broadcastTcpPort(), resolved.broadcastHttpPort(),
                hostname, Version.NUMBER, resolved.maxBodySize())
                .withHttpTimeouts(resolved.httpClientConnectTimeout(), resolved.httpClientRequestTimeout());
        Broker registered = broker;
        lookupd = new LookupdClient(config, () -> LookupdRegistrar.registrations(registered));
        lookupdRegistrar.attach(lookupd);
        lookupd.setAddresses(options.nsqlookupdTcpAddresses());
    }

    /** A runtime change: the lookupd peers follow {@code nsqlookupd_tcp_addresses}; then the launcher's listener. */
    private void optionsChanged(Options previous, Options current) {
        LookupdClient client = lookupd;
        if (client != null && !previous.nsqlookupdTcpAddresses().equals(current.nsqlookupdTcpAddresses())) {
            client.setAddresses(current.nsqlookupdTcpAddresses());
        }
        onOptionsChange.optionsChanged(previous, current);
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

    /**
     * Everything each protocol provider may ask for: the single place where services join the context.
     * The TLS context is there only when {@code --tls-cert} and {@code --tls-key} are given, the auth
     * client only with {@code --auth-http-address}.
     */
    private ProtocolContext protocolContext(SslContext sslContext, AuthClient authClient) {
        ProtocolContext.Builder context = ProtocolContext.builder()
                .with(Options.class, options)
                .with(Broker.class, broker);
        if (sslContext != null) {
            context.with(SslContext.class, sslContext);
        }
        if (authClient != null) {
            context.with(AuthClient.class, authClient);
        }
        return context.build();
    }

    /**
     * The auth server client, built before anything listens: as in nsqd, an unusable
     * {@code --tls-root-ca-file} (its trust roots for https auth servers) stops startup.
     *
     * @return {@code null} without {@code --auth-http-address}
     */
    private AuthClient authClient() throws StartupException {
        AuthClientConfig config = AuthClientConfig.from(options);
        if (!config.enabled()) {
            return null;
        }
        try {
            return new AuthClient(config);
        } catch (IllegalArgumentException e) {
            throw new StartupException(e.getMessage() + " (--tls-root-ca-file " + options.tlsRootCaFile() + ")", e);
        }
    }

    private void loadMetadata() throws StartupException {
        try {
            broker.loadMetadata();
        } catch (IOException e) {
            throw new StartupException(e.getMessage(), e);
        }
    }

    /**
     * Creates a listener for {@code address} and binds it, turning a bad address or a failed bind into
     * nsqd's startup error. A listener whose bind failed has already released its event loops.
     */
    private static <S> S bind(String address, Function<InetSocketAddress, S> create, Binding<S> binding) throws StartupException {
        try {
            S server = create.apply(TcpServerConfig.parseAddress(address));
            binding.bind(server);
            return server;
        } catch (IllegalArgumentException | IllegalStateException e) {
            String reason = e.getCause() == null ? e.getMessage() : e.getCause().getMessage();
            throw new StartupException("listen (" + address + ") failed - " + reason, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StartupException("interrupted while starting to listen on " + address, e);
        }
    }

    @FunctionalInterface
    private interface Binding<S> {
        void bind(S server) throws InterruptedException;
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
        // first: lookupd stops sending consumers here while they are being disconnected
        if (lookupd != null) {
            lookupd.close();
        }
        if (statsdPusher != null) {
            statsdPusher.close();
        }
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
