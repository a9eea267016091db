package io.jnsq.nsqd;

import io.jnsq.broker.Broker;
import io.jnsq.broker.OsHostname;
import io.jnsq.broker.Ticker;
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
 * One nsqd: the process {@link Main} runs, and what tests and embedders start in their own JVM through
 * {@link #builder()}.
 *
 * Started once; {@link #close()} may be called any number of times, from any thread.
 *
 * <p>Start the JVM that runs it with {@code -XX:+ExitOnOutOfMemoryError}: an {@link OutOfMemoryError}
 * on an event loop or timer thread leaves a broker that no longer serves, which only the JVM can end at
 * once. {@link Main} warns at start when the option is missing.
 */
public final class Nsqd implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Nsqd.class);
    private static final String LOOPBACK = "127.0.0.1";

    private final LiveConfig config;
    private final Ticker ticker;

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

    public Nsqd(NsqdConfig config) {
        this(config, ConfigListener.NONE);
    }

    /**
     * @param onChange told of each change of the running configuration ({@code PUT /config/log_level}, …);
     *                 {@link Main} sets its logging level from it
     */
    public Nsqd(NsqdConfig config, ConfigListener onChange) {
        this(config, onChange, Ticker.SYSTEM);
    }

    private Nsqd(NsqdConfig config, ConfigListener onChange, Ticker ticker) {
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.config = new LiveConfig(Objects.requireNonNull(config, "config"));
        this.config.addListener(this::lookupdAddressesChanged);
        this.config.addListener(Objects.requireNonNull(onChange, "onChange"));
    }

    /**
     * An nsqd inside this JVM, for tests and embedding: on loopback, on ports the system picks, in memory
     * only (nothing written to disk), HTTP on, HTTPS off, announcing {@code 127.0.0.1}, unless told
     * otherwise. The JVM's own logging stays as it is.
     *
     * <pre>{@code
     * try (Nsqd nsqd = Nsqd.builder().tcpPort(0).dataPath(tmp).start()) {
     *     InetSocketAddress tcp = nsqd.tcpAddress();
     *     nsqd.local().publish("orders", "{}");
     * }
     * }</pre>
     */
    public static Builder builder() {
        return new Builder();
    }

    /** The broker reached in-process, without sockets: publish, depths, drain. */
    public LocalClient local() {
        return new LocalClient(broker());
    }

    /** The running configuration: as given, then with the bound ports and any runtime change. */
    public NsqdConfig config() {
        return config.get();
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
        NsqdConfig initial = config.get();
        LOG.info("ID: {}", initial.messages().nodeId());
        try {
            if (!initial.queues().memoryOnly()) {
                dataPathLock = DataPathLock.acquire(initial.queues().dataPath().orElseThrow().toAbsolutePath());
            }
            SslContext sslContext = ServerSslContext.build(initial);
            AuthClient authClient = authClient(initial);
            lookupdRegistrar.patience(initial.httpClient().connectTimeout().plus(initial.httpClient().requestTimeout()));
            broker = new Broker(initial.broker(), null, List.of(lookupdRegistrar), lookupdRegistrar, ticker);
            loadMetadata();
            bindListeners(initial.listeners(), sslContext, authClient);
            resolveBroadcastPortsAndStatsdPrefix();
            startAccepting();
            startLookupd();
            startStatsd();
        } catch (StartupException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** In nsqd's order, TCP, HTTP, HTTPS, so that of several taken ports the same one is reported. */
    private void bindListeners(ListenerConfig listeners, SslContext sslContext, AuthClient authClient) throws StartupException {
        ProtocolRegistry protocols = ProtocolRegistry.builder().discover(protocolContext(sslContext, authClient)).build();
        boolean forceNio = listeners.forceNio();
        tcpServer = bind(listeners.tcpAddress(),
                address -> new TcpServer(new TcpServerConfig(address, forceNio), protocols), TcpServer::bind);
        HttpPipeline api = new HttpPipeline(broker, new BoundPorts(), config, prometheusMetrics());
        if (!listeners.httpAddress().isEmpty()) {
            httpServer = bind(listeners.httpAddress(),
                    address -> new HttpServer(new HttpServerConfig(address, forceNio), api), HttpServer::bind);
        }
        if (sslContext != null && !listeners.httpsAddress().isEmpty()) {
            httpsServer = bind(listeners.httpsAddress(),
                    address -> new HttpsServer(new HttpsServerConfig(address, forceNio, sslContext), api), HttpsServer::bind);
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
     * statsd prefix becomes this node's broadcast address and HTTP port; the configuration then holds
     * the results ({@code GET /config/broadcast_http_port}, {@code GET /config/statsd_prefix}).
     */
    private void resolveBroadcastPortsAndStatsdPrefix() {
        ClusterConfig cluster = config.get().cluster();
        BoundPorts bound = new BoundPorts();
        int httpPort = cluster.broadcastHttpPort() != 0 ? cluster.broadcastHttpPort() : Math.max(0, bound.http());
        int tcpPort = cluster.broadcastTcpPort() != 0 ? cluster.broadcastTcpPort() : Math.max(0, bound.tcp());
        String prefix = StatsdPrefix.expand(config.get().statsd().prefix(), cluster.broadcastAddress(), httpPort);
        config.update(builder -> {
            builder.cluster().broadcastHttpPort(httpPort).broadcastTcpPort(tcpPort);
            builder.statsd().prefix(prefix);
        });
    }

    /** With {@code --statsd-address}: pushes on its own thread from one interval after start. */
    private void startStatsd() {
        StatsdConfig statsd = config.get().statsd();
        if (statsd.enabled()) {
            statsdPusher = StatsdPusher.start(statsd, () -> Stats.collect(broker));
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
        NsqdConfig resolved = config.get();
        String hostname;
        try {
            hostname = OsHostname.get();
        } catch (IOException e) {
            throw new StartupException("failed to get hostname - " + e.getMessage(), e);
        }
        LookupdClientConfig lookupdConfig = LookupdClientConfig.builder()
                .broadcastAddress(resolved.cluster().broadcastAddress())
                .broadcastTcpPort(resolved.cluster().broadcastTcpPort())
                .broadcastHttpPort(resolved.cluster().broadcastHttpPort())
                .hostname(hostname)
                .version(Version.NUMBER)
                .maxResponseSize(resolved.messages().maxBodySize())
                .httpConnectTimeout(resolved.httpClient().connectTimeout())
                .httpRequestTimeout(resolved.httpClient().requestTimeout())
                .build();
        Broker registered = broker;
        lookupd = new LookupdClient(lookupdConfig, () -> LookupdRegistrar.registrations(registered));
        lookupdRegistrar.attach(lookupd);
        lookupd.setAddresses(resolved.cluster().lookupdTcpAddresses());
    }

    /** A runtime change: the lookupd peers follow {@code nsqlookupd_tcp_addresses}. */
    private void lookupdAddressesChanged(NsqdConfig previous, NsqdConfig current) {
        LookupdClient client = lookupd;
        List<String> addresses = current.cluster().lookupdTcpAddresses();
        if (client != null && !previous.cluster().lookupdTcpAddresses().equals(addresses)) {
            client.setAddresses(addresses);
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

    /**
     * Everything each protocol provider may ask for: the single place where services join the context.
     * The TLS context is there only when {@code --tls-cert} and {@code --tls-key} are given, the auth
     * client only with {@code --auth-http-address}.
     */
    private ProtocolContext protocolContext(SslContext sslContext, AuthClient authClient) {
        ProtocolContext.Builder context = ProtocolContext.builder()
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
    private static AuthClient authClient(NsqdConfig initial) throws StartupException {
        AuthClientConfig authConfig = initial.authClient();
        if (!authConfig.enabled()) {
            return null;
        }
        try {
            return new AuthClient(authConfig);
        } catch (IllegalArgumentException e) {
            throw new StartupException(e.getMessage() + " (--tls-root-ca-file " + initial.tls().rootCaFile() + ")", e);
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

    /** Settings of an embedded nsqd; {@link #start()} builds, validates and starts it. */
    public static final class Builder {
        private final NsqdConfig.Builder config = NsqdConfig.builder();
        private ConfigListener onChange = ConfigListener.NONE;
        private Ticker ticker = Ticker.SYSTEM;

        private Builder() {
            config.listeners().tcpAddress(loopback(0)).httpAddress(loopback(0)).httpsAddress("");
            config.queues().memoryOnly();
            config.cluster().broadcastAddress(LOOPBACK);
        }

        private static String loopback(int port) {
            return LOOPBACK + ":" + port;
        }

        /** TCP (V2) on loopback at {@code port}; 0, the default, lets the system pick. */
        public Builder tcpPort(int port) {
            config.listeners().tcpAddress(loopback(port));
            return this;
        }

        /** The HTTP API on loopback at {@code port}; 0, the default, lets the system pick. */
        public Builder httpPort(int port) {
            config.listeners().httpAddress(loopback(port));
            return this;
        }

        /** No HTTP API: one listener fewer to start. */
        public Builder noHttp() {
            config.listeners().httpAddress("");
            return this;
        }

        /** Disk queues and {@code nsqd.dat} under {@code path}, locked while the node runs, as nsqd's {@code --data-path}. */
        public Builder dataPath(Path path) {
            config.queues().dataPath(path);
            return this;
        }

        /** Everything in memory, nothing on disk: the default. */
        public Builder memoryOnly() {
            config.queues().memoryOnly();
            return this;
        }

        /** Any other setting, by part: {@code configure(c -> c.messages().msgTimeout(Duration.ofSeconds(5)))}. */
        public Builder configure(java.util.function.Consumer<NsqdConfig.Builder> change) {
            change.accept(config);
            return this;
        }

        /**
         * What in-flight timeouts and deferrals are measured with: a {@link io.jnsq.broker.ManualTicker}
         * lets a test move time instead of waiting for it.
         */
        public Builder ticker(Ticker time) {
            this.ticker = Objects.requireNonNull(time, "time");
            return this;
        }

        /** Told of each change of the running configuration ({@code PUT /config/:opt}). */
        public Builder onConfigChange(ConfigListener listener) {
            this.onChange = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * @throws IllegalArgumentException naming the flag of an invalid setting
         */
        public NsqdConfig config() {
            return config.build();
        }

        /**
         * Builds, validates and starts the node; once it returns every listener accepts.
         *
         * @throws StartupException as nsqd would fail to start (a port taken, the data path locked)
         * @throws IllegalArgumentException naming the flag of an invalid setting
         */
        public Nsqd start() throws StartupException {
            Nsqd nsqd = new Nsqd(config(), onChange, ticker);
            nsqd.start();
            return nsqd;
        }
    }
}
