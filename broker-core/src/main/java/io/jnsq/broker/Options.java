package io.jnsq.broker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Every nsqd option, immutable: the one configuration object of a jnsq process. The launcher builds it
 * from defaults, then the config file, then flags; a runtime change ({@code PUT /config/...}) replaces
 * the whole record. Names are nsqd's flag names in camel case; a config file key is the snake case of
 * the component name (except {@code nodeId}, whose key is {@code id}).
 */
public record Options(
        /** --log-level: debug, info, warn, error, fatal */
        LogLevel logLevel,
        /** --log-prefix */
        String logPrefix,
        /** --node-id (config key {@code id}): 0..1023, seeds message ids */
        int nodeId,
        /** --tcp-address */
        String tcpAddress,
        /** --http-address ("" disables HTTP) */
        String httpAddress,
        /** --https-address (used only with a TLS cert and key; "" disables) */
        String httpsAddress,
        /** --broadcast-address: announced to nsqlookupd */
        String broadcastAddress,
        /** --broadcast-tcp-port (0: the port TCP listens on) */
        int broadcastTcpPort,
        /** --broadcast-http-port (0: the port HTTP listens on) */
        int broadcastHttpPort,
        /** --lookupd-tcp-address, repeatable */
        List<String> nsqlookupdTcpAddresses,
        /** --auth-http-address, repeatable */
        List<String> authHttpAddresses,
        /** --auth-http-request-method: get or post */
        String authHttpRequestMethod,
        /** --http-client-connect-timeout */
        Duration httpClientConnectTimeout,
        /** --http-client-request-timeout */
        Duration httpClientRequestTimeout,
        /** --data-path ("": the working directory) */
        String dataPath,
        /** --mem-queue-size: messages kept in memory per topic and per channel */
        long memQueueSize,
        /** --max-bytes-per-file: disk queue file roll size */
        long maxBytesPerFile,
        /** --sync-every: disk queue reads+writes between fsyncs */
        long syncEvery,
        /** --sync-timeout: longest time between fsyncs */
        Duration syncTimeout,
        /** --queue-scan-worker-pool-max */
        int queueScanWorkerPoolMax,
        /** --queue-scan-selection-count */
        int queueScanSelectionCount,
        /** --msg-timeout: default in-flight timeout */
        Duration msgTimeout,
        /** --max-msg-timeout */
        Duration maxMsgTimeout,
        /** --max-msg-size: largest message body */
        long maxMsgSize,
        /** --max-body-size: largest command body */
        long maxBodySize,
        /** --max-req-timeout */
        Duration maxReqTimeout,
        /** not a flag in nsqd: default heartbeat interval is half of it */
        Duration clientTimeout,
        /** --max-heartbeat-interval */
        Duration maxHeartbeatInterval,
        /** --max-rdy-count */
        long maxRdyCount,
        /** --max-output-buffer-size */
        long maxOutputBufferSize,
        /** --max-output-buffer-timeout */
        Duration maxOutputBufferTimeout,
        /** --min-output-buffer-timeout */
        Duration minOutputBufferTimeout,
        /** --output-buffer-timeout */
        Duration outputBufferTimeout,
        /** --max-channel-consumers (0: unlimited) */
        int maxChannelConsumers,
        /** --statsd-address */
        String statsdAddress,
        /** --statsd-prefix */
        String statsdPrefix,
        /** --statsd-interval */
        Duration statsdInterval,
        /** --statsd-mem-stats */
        boolean statsdMemStats,
        /** --statsd-udp-packet-size */
        int statsdUdpPacketSize,
        /** --statsd-exclude-ephemeral */
        boolean statsdExcludeEphemeral,
        /** --e2e-processing-latency-percentile, repeatable, sorted descending */
        List<Double> e2eProcessingLatencyPercentiles,
        /** --e2e-processing-latency-window-time */
        Duration e2eProcessingLatencyWindowTime,
        /** --tls-cert */
        String tlsCert,
        /** --tls-key */
        String tlsKey,
        /** --tls-client-auth-policy: require or require-verify */
        String tlsClientAuthPolicy,
        /** --tls-root-ca-file */
        String tlsRootCaFile,
        /** --tls-required: false, true or tcp-https */
        TlsRequired tlsRequired,
        /** --tls-min-version: tls1.0 .. tls1.3 */
        String tlsMinVersion,
        /** --deflate: allow deflate negotiation */
        boolean deflate,
        /** --max-deflate-level: 1..9 */
        int maxDeflateLevel,
        /** --snappy: allow snappy negotiation */
        boolean snappy,
        /** --topology-region */
        String topologyRegion,
        /** --topology-zone */
        String topologyZone,
        /** --enable-experiment, repeatable */
        List<String> enableExperiment,
        /** --force-nio (jnsq): use Java NIO even where native epoll is available */
        boolean forceNio,
        /** --log-format (jnsq): "text" (nsqd's lines) or "json" (one object per line) */
        String logFormat,
        /** --durable-deferral (jnsq): deferred messages wait on disk, indexed in memory, and survive a crash */
        boolean durableDeferral,
        /** --dead-letter-max-attempts (jnsq): every channel's default; 0 never moves a message */
        int deadLetterMaxAttempts,
        /** --dead-letter-topic (jnsq): where the default sends them, and a channel's setting unless it names one */
        String deadLetterTopic
) {

    public Options {
        nsqlookupdTcpAddresses = List.copyOf(nsqlookupdTcpAddresses);
        authHttpAddresses = List.copyOf(authHttpAddresses);
        e2eProcessingLatencyPercentiles = List.copyOf(e2eProcessingLatencyPercentiles);
        enableExperiment = List.copyOf(enableExperiment);
    }

    /** nsqd's defaults. */
    public static Options defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.logLevel = logLevel;
        builder.logPrefix = logPrefix;
        builder.nodeId = nodeId;
        builder.tcpAddress = tcpAddress;
        builder.httpAddress = httpAddress;
        builder.httpsAddress = httpsAddress;
        builder.broadcastAddress = broadcastAddress;
        builder.broadcastTcpPort = broadcastTcpPort;
        builder.broadcastHttpPort = broadcastHttpPort;
        builder.nsqlookupdTcpAddresses = nsqlookupdTcpAddresses;
        builder.authHttpAddresses = authHttpAddresses;
        builder.authHttpRequestMethod = authHttpRequestMethod;
        builder.httpClientConnectTimeout = httpClientConnectTimeout;
        builder.httpClientRequestTimeout = httpClientRequestTimeout;
        builder.dataPath = dataPath;
        builder.memQueueSize = memQueueSize;
        builder.maxBytesPerFile = maxBytesPerFile;
        builder.syncEvery = syncEvery;
        builder.syncTimeout = syncTimeout;
        builder.queueScanWorkerPoolMax = queueScanWorkerPoolMax;
        builder.queueScanSelectionCount = queueScanSelectionCount;
        builder.msgTimeout = msgTimeout;
        builder.maxMsgTimeout = maxMsgTimeout;
        builder.maxMsgSize = maxMsgSize;
        builder.maxBodySize = maxBodySize;
        builder.maxReqTimeout = maxReqTimeout;
        builder.clientTimeout = clientTimeout;
        builder.maxHeartbeatInterval = maxHeartbeatInterval;
        builder.maxRdyCount = maxRdyCount;
        builder.maxOutputBufferSize = maxOutputBufferSize;
        builder.maxOutputBufferTimeout = maxOutputBufferTimeout;
        builder.minOutputBufferTimeout = minOutputBufferTimeout;
        builder.outputBufferTimeout = outputBufferTimeout;
        builder.maxChannelConsumers = maxChannelConsumers;
        builder.statsdAddress = statsdAddress;
        builder.statsdPrefix = statsdPrefix;
        builder.statsdInterval = statsdInterval;
        builder.statsdMemStats = statsdMemStats;
        builder.statsdUdpPacketSize = statsdUdpPacketSize;
        builder.statsdExcludeEphemeral = statsdExcludeEphemeral;
        builder.e2eProcessingLatencyPercentiles = e2eProcessingLatencyPercentiles;
        builder.e2eProcessingLatencyWindowTime = e2eProcessingLatencyWindowTime;
        builder.tlsCert = tlsCert;
        builder.tlsKey = tlsKey;
        builder.tlsClientAuthPolicy = tlsClientAuthPolicy;
        builder.tlsRootCaFile = tlsRootCaFile;
        builder.tlsRequired = tlsRequired;
        builder.tlsMinVersion = tlsMinVersion;
        builder.deflate = deflate;
        builder.maxDeflateLevel = maxDeflateLevel;
        builder.snappy = snappy;
        builder.topologyRegion = topologyRegion;
        builder.topologyZone = topologyZone;
        builder.enableExperiment = enableExperiment;
        builder.forceNio = forceNio;
        builder.logFormat = logFormat;
        builder.durableDeferral = durableDeferral;
        builder.deadLetterMaxAttempts = deadLetterMaxAttempts;
        builder.deadLetterTopic = deadLetterTopic;
        return builder;
    }

    /** The heartbeat interval a client gets unless it asks otherwise in IDENTIFY. */
    public Duration defaultHeartbeatInterval() {
        return clientTimeout.dividedBy(2);
    }

    /** Whether TCP and HTTPS listeners can offer TLS at all. */
    public boolean tlsEnabled() {
        return !tlsCert.isEmpty() && !tlsKey.isEmpty();
    }

    /** nsqd's default node id: CRC-32 of the MD5 digest of the host name, modulo 1024. */
    static int defaultNodeId() {
        try {
            byte[] digest = MessageDigest.getInstance("MD5").digest(hostname().getBytes(StandardCharsets.UTF_8));
            CRC32 crc = new CRC32();
            crc.update(digest);
            return (int) (crc.getValue() % 1024);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is required of every JVM", e);
        }
    }

    static String hostname() {
        try {
            return OsHostname.get();
        } catch (IOException e) {
            return "localhost";
        }
    }

    /** Log levels with nsqd's names and numbers (1 debug … 5 fatal, as {@code /config/log_level} shows). */
    public enum LogLevel {
        DEBUG, INFO, WARN, ERROR, FATAL;

        public int number() {
            return ordinal() + 1;
        }
    }

    /** {@code --tls-required}: nsqd's three settings, numbered as {@code /config/tls_required} shows them. */
    public enum TlsRequired {
        NOT_REQUIRED, REQUIRED_EXCEPT_HTTP, REQUIRED;

        public int number() {
            return ordinal();
        }
    }

    public static final class Builder {
        private LogLevel logLevel = LogLevel.INFO;
        private String logPrefix = "[nsqd] ";
        private int nodeId = defaultNodeId();
        private String tcpAddress = "0.0.0.0:4150";
        private String httpAddress = "0.0.0.0:4151";
        private String httpsAddress = "0.0.0.0:4152";
        private String broadcastAddress = hostname();
        private int broadcastTcpPort = 0;
        private int broadcastHttpPort = 0;
        private List<String> nsqlookupdTcpAddresses = List.of();
        private List<String> authHttpAddresses = List.of();
        private String authHttpRequestMethod = "get";
        private Duration httpClientConnectTimeout = Duration.ofSeconds(2);
        private Duration httpClientRequestTimeout = Duration.ofSeconds(5);
        private String dataPath = "";
        private long memQueueSize = 10_000;
        private long maxBytesPerFile = 100L * 1024 * 1024;
        private long syncEvery = 2500;
        private Duration syncTimeout = Duration.ofSeconds(2);
        private int queueScanWorkerPoolMax = 4;
        private int queueScanSelectionCount = 20;
        private Duration msgTimeout = Duration.ofSeconds(60);
        private Duration maxMsgTimeout = Duration.ofMinutes(15);
        private long maxMsgSize = 1024L * 1024;
        private long maxBodySize = 5L * 1024 * 1024;
        private Duration maxReqTimeout = Duration.ofHours(1);
        private Duration clientTimeout = Duration.ofSeconds(60);
        private Duration maxHeartbeatInterval = Duration.ofSeconds(60);
        private long maxRdyCount = 2500;
        private long maxOutputBufferSize = 64L * 1024;
        private Duration maxOutputBufferTimeout = Duration.ofSeconds(30);
        private Duration minOutputBufferTimeout = Duration.ofMillis(25);
        private Duration outputBufferTimeout = Duration.ofMillis(250);
        private int maxChannelConsumers = 0;
        private String statsdAddress = "";
        private String statsdPrefix = "nsq.%s";
        private Duration statsdInterval = Duration.ofSeconds(60);
        private boolean statsdMemStats = true;
        private int statsdUdpPacketSize = 508;
        private boolean statsdExcludeEphemeral = false;
        private List<Double> e2eProcessingLatencyPercentiles = List.of();
        private Duration e2eProcessingLatencyWindowTime = Duration.ofMinutes(10);
        private String tlsCert = "";
        private String tlsKey = "";
        private String tlsClientAuthPolicy = "";
        private String tlsRootCaFile = "";
        private TlsRequired tlsRequired = TlsRequired.NOT_REQUIRED;
        private String tlsMinVersion = "tls1.0";
        private boolean deflate = true;
        private int maxDeflateLevel = 6;
        private boolean snappy = true;
        private String topologyRegion = "";
        private String topologyZone = "";
        private List<String> enableExperiment = List.of();
        private boolean forceNio = false;
        private String logFormat = "text";
        private boolean durableDeferral = false;
        private int deadLetterMaxAttempts = 0;
        private String deadLetterTopic = "";

        private Builder() {
        }

        public Builder logLevel(LogLevel logLevel) {
            this.logLevel = logLevel;
            return this;
        }

        public Builder logPrefix(String logPrefix) {
            this.logPrefix = logPrefix;
            return this;
        }

        public Builder nodeId(int nodeId) {
            this.nodeId = nodeId;
            return this;
        }

        public Builder tcpAddress(String tcpAddress) {
            this.tcpAddress = tcpAddress;
            return this;
        }

        public Builder httpAddress(String httpAddress) {
            this.httpAddress = httpAddress;
            return this;
        }

        public Builder httpsAddress(String httpsAddress) {
            this.httpsAddress = httpsAddress;
            return this;
        }

        public Builder broadcastAddress(String broadcastAddress) {
            this.broadcastAddress = broadcastAddress;
            return this;
        }

        public Builder broadcastTcpPort(int broadcastTcpPort) {
            this.broadcastTcpPort = broadcastTcpPort;
            return this;
        }

        public Builder broadcastHttpPort(int broadcastHttpPort) {
            this.broadcastHttpPort = broadcastHttpPort;
            return this;
        }

        public Builder nsqlookupdTcpAddresses(List<String> nsqlookupdTcpAddresses) {
            this.nsqlookupdTcpAddresses = nsqlookupdTcpAddresses;
            return this;
        }

        public Builder authHttpAddresses(List<String> authHttpAddresses) {
            this.authHttpAddresses = authHttpAddresses;
            return this;
        }

        public Builder authHttpRequestMethod(String authHttpRequestMethod) {
            this.authHttpRequestMethod = authHttpRequestMethod;
            return this;
        }

        public Builder httpClientConnectTimeout(Duration httpClientConnectTimeout) {
            this.httpClientConnectTimeout = httpClientConnectTimeout;
            return this;
        }

        public Builder httpClientRequestTimeout(Duration httpClientRequestTimeout) {
            this.httpClientRequestTimeout = httpClientRequestTimeout;
            return this;
        }

        public Builder dataPath(String dataPath) {
            this.dataPath = dataPath;
            return this;
        }

        public Builder memQueueSize(long memQueueSize) {
            this.memQueueSize = memQueueSize;
            return this;
        }

        public Builder maxBytesPerFile(long maxBytesPerFile) {
            this.maxBytesPerFile = maxBytesPerFile;
            return this;
        }

        public Builder syncEvery(long syncEvery) {
            this.syncEvery = syncEvery;
            return this;
        }

        public Builder syncTimeout(Duration syncTimeout) {
            this.syncTimeout = syncTimeout;
            return this;
        }

        public Builder queueScanWorkerPoolMax(int queueScanWorkerPoolMax) {
            this.queueScanWorkerPoolMax = queueScanWorkerPoolMax;
            return this;
        }

        public Builder queueScanSelectionCount(int queueScanSelectionCount) {
            this.queueScanSelectionCount = queueScanSelectionCount;
            return this;
        }

        public Builder msgTimeout(Duration msgTimeout) {
            this.msgTimeout = msgTimeout;
            return this;
        }

        public Builder maxMsgTimeout(Duration maxMsgTimeout) {
            this.maxMsgTimeout = maxMsgTimeout;
            return this;
        }

        public Builder maxMsgSize(long maxMsgSize) {
            this.maxMsgSize = maxMsgSize;
            return this;
        }

        public Builder maxBodySize(long maxBodySize) {
            this.maxBodySize = maxBodySize;
            return this;
        }

        public Builder maxReqTimeout(Duration maxReqTimeout) {
            this.maxReqTimeout = maxReqTimeout;
            return this;
        }

        public Builder clientTimeout(Duration clientTimeout) {
            this.clientTimeout = clientTimeout;
            return this;
        }

        public Builder maxHeartbeatInterval(Duration maxHeartbeatInterval) {
            this.maxHeartbeatInterval = maxHeartbeatInterval;
            return this;
        }

        public Builder maxRdyCount(long maxRdyCount) {
            this.maxRdyCount = maxRdyCount;
            return this;
        }

        public Builder maxOutputBufferSize(long maxOutputBufferSize) {
            this.maxOutputBufferSize = maxOutputBufferSize;
            return this;
        }

        public Builder maxOutputBufferTimeout(Duration maxOutputBufferTimeout) {
            this.maxOutputBufferTimeout = maxOutputBufferTimeout;
            return this;
        }

        public Builder minOutputBufferTimeout(Duration minOutputBufferTimeout) {
            this.minOutputBufferTimeout = minOutputBufferTimeout;
            return this;
        }

        public Builder outputBufferTimeout(Duration outputBufferTimeout) {
            this.outputBufferTimeout = outputBufferTimeout;
            return this;
        }

        public Builder maxChannelConsumers(int maxChannelConsumers) {
            this.maxChannelConsumers = maxChannelConsumers;
            return this;
        }

        public Builder statsdAddress(String statsdAddress) {
            this.statsdAddress = statsdAddress;
            return this;
        }

        public Builder statsdPrefix(String statsdPrefix) {
            this.statsdPrefix = statsdPrefix;
            return this;
        }

        public Builder statsdInterval(Duration statsdInterval) {
            this.statsdInterval = statsdInterval;
            return this;
        }

        public Builder statsdMemStats(boolean statsdMemStats) {
            this.statsdMemStats = statsdMemStats;
            return this;
        }

        public Builder statsdUdpPacketSize(int statsdUdpPacketSize) {
            this.statsdUdpPacketSize = statsdUdpPacketSize;
            return this;
        }

        public Builder statsdExcludeEphemeral(boolean statsdExcludeEphemeral) {
            this.statsdExcludeEphemeral = statsdExcludeEphemeral;
            return this;
        }

        public Builder e2eProcessingLatencyPercentiles(List<Double> e2eProcessingLatencyPercentiles) {
            this.e2eProcessingLatencyPercentiles = e2eProcessingLatencyPercentiles;
            return this;
        }

        public Builder e2eProcessingLatencyWindowTime(Duration e2eProcessingLatencyWindowTime) {
            this.e2eProcessingLatencyWindowTime = e2eProcessingLatencyWindowTime;
            return this;
        }

        public Builder tlsCert(String tlsCert) {
            this.tlsCert = tlsCert;
            return this;
        }

        public Builder tlsKey(String tlsKey) {
            this.tlsKey = tlsKey;
            return this;
        }

        public Builder tlsClientAuthPolicy(String tlsClientAuthPolicy) {
            this.tlsClientAuthPolicy = tlsClientAuthPolicy;
            return this;
        }

        public Builder tlsRootCaFile(String tlsRootCaFile) {
            this.tlsRootCaFile = tlsRootCaFile;
            return this;
        }

        public Builder tlsRequired(TlsRequired tlsRequired) {
            this.tlsRequired = tlsRequired;
            return this;
        }

        public Builder tlsMinVersion(String tlsMinVersion) {
            this.tlsMinVersion = tlsMinVersion;
            return this;
        }

        public Builder deflate(boolean deflate) {
            this.deflate = deflate;
            return this;
        }

        public Builder maxDeflateLevel(int maxDeflateLevel) {
            this.maxDeflateLevel = maxDeflateLevel;
            return this;
        }

        public Builder snappy(boolean snappy) {
            this.snappy = snappy;
            return this;
        }

        public Builder topologyRegion(String topologyRegion) {
            this.topologyRegion = topologyRegion;
            return this;
        }

        public Builder topologyZone(String topologyZone) {
            this.topologyZone = topologyZone;
            return this;
        }

        public Builder enableExperiment(List<String> enableExperiment) {
            this.enableExperiment = enableExperiment;
            return this;
        }

        public Builder forceNio(boolean forceNio) {
            this.forceNio = forceNio;
            return this;
        }

        public Builder logFormat(String logFormat) {
            this.logFormat = logFormat;
            return this;
        }

        public Builder durableDeferral(boolean durableDeferral) {
            this.durableDeferral = durableDeferral;
            return this;
        }

        public Builder deadLetterMaxAttempts(int deadLetterMaxAttempts) {
            this.deadLetterMaxAttempts = deadLetterMaxAttempts;
            return this;
        }

        public Builder deadLetterTopic(String deadLetterTopic) {
            this.deadLetterTopic = deadLetterTopic;
            return this;
        }

        public Options build() {
            return new Options(
                    logLevel,
                    logPrefix,
                    nodeId,
                    tcpAddress,
                    httpAddress,
                    httpsAddress,
                    broadcastAddress,
                    broadcastTcpPort,
                    broadcastHttpPort,
                    nsqlookupdTcpAddresses,
                    authHttpAddresses,
                    authHttpRequestMethod,
                    httpClientConnectTimeout,
                    httpClientRequestTimeout,
                    dataPath,
                    memQueueSize,
                    maxBytesPerFile,
                    syncEvery,
                    syncTimeout,
                    queueScanWorkerPoolMax,
                    queueScanSelectionCount,
                    msgTimeout,
                    maxMsgTimeout,
                    maxMsgSize,
                    maxBodySize,
                    maxReqTimeout,
                    clientTimeout,
                    maxHeartbeatInterval,
                    maxRdyCount,
                    maxOutputBufferSize,
                    maxOutputBufferTimeout,
                    minOutputBufferTimeout,
                    outputBufferTimeout,
                    maxChannelConsumers,
                    statsdAddress,
                    statsdPrefix,
                    statsdInterval,
                    statsdMemStats,
                    statsdUdpPacketSize,
                    statsdExcludeEphemeral,
                    e2eProcessingLatencyPercentiles,
                    e2eProcessingLatencyWindowTime,
                    tlsCert,
                    tlsKey,
                    tlsClientAuthPolicy,
                    tlsRootCaFile,
                    tlsRequired,
                    tlsMinVersion,
                    deflate,
                    maxDeflateLevel,
                    snappy,
                    topologyRegion,
                    topologyZone,
                    enableExperiment,
                    forceNio,
                    logFormat,
                    durableDeferral,
                    deadLetterMaxAttempts,
                    deadLetterTopic);
        }
    }
}
