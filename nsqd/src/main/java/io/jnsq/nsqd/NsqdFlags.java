package io.jnsq.nsqd;

import io.jnsq.broker.Options;
import io.jnsq.broker.Options.Builder;

import java.util.List;

import static io.jnsq.nsqd.Flag.commandOnly;
import static io.jnsq.nsqd.Flag.option;
import static io.jnsq.nsqd.FlagTypes.BOOL;
import static io.jnsq.nsqd.FlagTypes.DURATION;
import static io.jnsq.nsqd.FlagTypes.INT;
import static io.jnsq.nsqd.FlagTypes.INT64;
import static io.jnsq.nsqd.FlagTypes.LOG_FORMAT;
import static io.jnsq.nsqd.FlagTypes.LOG_LEVEL;
import static io.jnsq.nsqd.FlagTypes.PERCENTILES;
import static io.jnsq.nsqd.FlagTypes.STRING;
import static io.jnsq.nsqd.FlagTypes.STRINGS;
import static io.jnsq.nsqd.FlagTypes.TLS_MIN_VERSION;
import static io.jnsq.nsqd.FlagTypes.TLS_REQUIRED;

/**
 * Every nsqd flag, with nsqd's name, help text and config key; the one table that drives parsing,
 * {@code --help}, the config file, and the refusal of values jnsq does not honour (none is silently
 * ignored). A new option is one line here plus its {@link Options} component.
 */
public final class NsqdFlags {

    static final Flag<String> CONFIG = commandOnly("config", STRING, "", "path to config file");
    static final Flag<Boolean> VERSION = commandOnly("version", BOOL, false, "print version string");

    // why values are refused; each message follows the flag's name
    private static final String UNIX_SOCKET = "is a unix socket path, which jnsq does not support yet: give <addr>:<port>";
    private static final String SCANS_EVERY_CHANNEL = "means nothing in jnsq, which checks every channel for timed-out and"
            + " deferred messages every 100ms: leave it at nsqd's default";
    // help notes for flags jnsq accepts but that only matter with another flag it refuses or has not built
    private static final String TOPOLOGY_REPORTED_ONLY = " (only reported in /info and IDENTIFY: topology-aware consumption is not supported yet)";

    static final List<Flag<?>> ALL = List.of(
            // basic options
            VERSION,
            CONFIG,
            option("log-level", LOG_LEVEL, Options::logLevel, Builder::logLevel, "set log verbosity: debug, info, warn, error, or fatal"),
            option("log-prefix", STRING, Options::logPrefix, Builder::logPrefix, "log message prefix"),
            Flag.deprecated("verbose", "[deprecated] has no effect, use --log-level"),
            option("node-id", INT, Options::nodeId, Builder::nodeId, "unique part for message IDs, (int) in range [0,1024) (default is hash of hostname)").configKey("id"),
            Flag.deprecated("worker-id", "[deprecated] use --node-id"),

            option("https-address", STRING, Options::httpsAddress, Builder::httpsAddress, "<addr>:<port> to listen on for HTTPS clients")
                    .refusing(ListenAddress::isUnixSocketPath, UNIX_SOCKET),
            option("http-address", STRING, Options::httpAddress, Builder::httpAddress, "address to listen on for HTTP clients (<addr>:<port>; unix socket paths are not supported yet)")
                    .refusing(ListenAddress::isUnixSocketPath, UNIX_SOCKET),
            option("tcp-address", STRING, Options::tcpAddress, Builder::tcpAddress, "address to listen on for TCP clients (<addr>:<port>; unix socket paths are not supported yet)")
                    .refusing(ListenAddress::isUnixSocketPath, UNIX_SOCKET),
            option("auth-http-address", STRINGS, Options::authHttpAddresses, Builder::authHttpAddresses, "<addr>:<port> or a full url to query auth server (may be given multiple times)").configKey("auth_http_addresses"),
            option("auth-http-request-method", STRING, Options::authHttpRequestMethod, Builder::authHttpRequestMethod, "HTTP method to use for auth server requests"),
            option("broadcast-address", STRING, Options::broadcastAddress, Builder::broadcastAddress, "address that will be registered with lookupd (defaults to the OS hostname)"),
            option("broadcast-tcp-port", INT, Options::broadcastTcpPort, Builder::broadcastTcpPort, "TCP port that will be registered with lookupd (defaults to the TCP port that this nsqd is listening on)"),
            option("broadcast-http-port", INT, Options::broadcastHttpPort, Builder::broadcastHttpPort, "HTTP port that will be registered with lookupd (defaults to the HTTP port that this nsqd is listening on)"),
            option("lookupd-tcp-address", STRINGS, Options::nsqlookupdTcpAddresses, Builder::nsqlookupdTcpAddresses, "lookupd TCP address (may be given multiple times)").configKey("nsqlookupd_tcp_addresses"),
            option("http-client-connect-timeout", DURATION, Options::httpClientConnectTimeout, Builder::httpClientConnectTimeout, "timeout for HTTP connect"),
            option("http-client-request-timeout", DURATION, Options::httpClientRequestTimeout, Builder::httpClientRequestTimeout, "timeout for HTTP request"),
            option("topology-region", STRING, Options::topologyRegion, Builder::topologyRegion, "A region represents a larger domain, made up of one or more zones for preferring closer consumer" + TOPOLOGY_REPORTED_ONLY),
            option("topology-zone", STRING, Options::topologyZone, Builder::topologyZone, "A zone represents a logical failure domain for preferring closer consumer" + TOPOLOGY_REPORTED_ONLY),

            // diskqueue options
            option("data-path", STRING, Options::dataPath, Builder::dataPath, "path to store disk-backed messages"),
            option("mem-queue-size", INT64, Options::memQueueSize, Builder::memQueueSize, "number of messages to keep in memory (per topic/channel)"),
            option("max-bytes-per-file", INT64, Options::maxBytesPerFile, Builder::maxBytesPerFile, "number of bytes per diskqueue file before rolling"),
            option("sync-every", INT64, Options::syncEvery, Builder::syncEvery, "number of messages per diskqueue fsync"),
            option("sync-timeout", DURATION, Options::syncTimeout, Builder::syncTimeout, "duration of time per diskqueue fsync"),
            option("queue-scan-worker-pool-max", INT, Options::queueScanWorkerPoolMax, Builder::queueScanWorkerPoolMax, "max concurrency for checking in-flight and deferred message timeouts")
                    .unsupported(SCANS_EVERY_CHANNEL),
            option("queue-scan-selection-count", INT, Options::queueScanSelectionCount, Builder::queueScanSelectionCount, "number of channels to check per cycle (every 100ms) for in-flight and deferred timeouts")
                    .unsupported(SCANS_EVERY_CHANNEL),

            // msg and command options
            option("msg-timeout", DURATION, Options::msgTimeout, Builder::msgTimeout, "default duration to wait before auto-requeing a message"),
            option("max-msg-timeout", DURATION, Options::maxMsgTimeout, Builder::maxMsgTimeout, "maximum duration before a message will timeout"),
            option("max-msg-size", INT64, Options::maxMsgSize, Builder::maxMsgSize, "maximum size of a single message in bytes"),
            option("max-req-timeout", DURATION, Options::maxReqTimeout, Builder::maxReqTimeout, "maximum requeuing timeout for a message"),
            option("max-body-size", INT64, Options::maxBodySize, Builder::maxBodySize, "maximum size of a single command body"),

            // client overridable configuration options
            option("max-heartbeat-interval", DURATION, Options::maxHeartbeatInterval, Builder::maxHeartbeatInterval, "maximum client configurable duration of time between client heartbeats"),
            option("max-rdy-count", INT64, Options::maxRdyCount, Builder::maxRdyCount, "maximum RDY count for a client"),
            option("max-output-buffer-size", INT64, Options::maxOutputBufferSize, Builder::maxOutputBufferSize, "maximum client configurable size (in bytes) for a client output buffer"),
            option("max-output-buffer-timeout", DURATION, Options::maxOutputBufferTimeout, Builder::maxOutputBufferTimeout, "maximum client configurable duration of time between flushing to a client"),
            option("min-output-buffer-timeout", DURATION, Options::minOutputBufferTimeout, Builder::minOutputBufferTimeout, "minimum client configurable duration of time between flushing to a client"),
            option("output-buffer-timeout", DURATION, Options::outputBufferTimeout, Builder::outputBufferTimeout, "default duration of time between flushing data to clients"),
            option("max-channel-consumers", INT, Options::maxChannelConsumers, Builder::maxChannelConsumers, "maximum channel consumer connection count per nsqd instance (default 0, i.e., unlimited)"),

            // statsd integration options
            option("statsd-address", STRING, Options::statsdAddress, Builder::statsdAddress, "UDP <addr>:<port> of a statsd daemon for pushing stats"),
            option("statsd-interval", DURATION, Options::statsdInterval, Builder::statsdInterval, "duration between pushing to statsd"),
            option("statsd-mem-stats", BOOL, Options::statsdMemStats, Builder::statsdMemStats, "toggle sending memory and GC stats to statsd"),
            option("statsd-prefix", STRING, Options::statsdPrefix, Builder::statsdPrefix, "prefix used for keys sent to statsd (%s for host replacement)"),
            option("statsd-udp-packet-size", INT, Options::statsdUdpPacketSize, Builder::statsdUdpPacketSize, "the size in bytes of statsd UDP packets"),
            option("statsd-exclude-ephemeral", BOOL, Options::statsdExcludeEphemeral, Builder::statsdExcludeEphemeral, "Skip ephemeral topics and channels when sending stats to statsd"),

            // end to end percentiles
            option("e2e-processing-latency-percentile", PERCENTILES, Options::e2eProcessingLatencyPercentiles, Builder::e2eProcessingLatencyPercentiles, "message processing time percentiles (as float (0, 1.0]) to track (can be specified multiple times or comma separated '1.0,0.99,0.95', default none)").configKey("e2e_processing_latency_percentiles"),
            option("e2e-processing-latency-window-time", DURATION, Options::e2eProcessingLatencyWindowTime, Builder::e2eProcessingLatencyWindowTime, "calculate end to end latency quantiles for this duration of time (ie: 60s would only show quantile calculations from the past 60 seconds)"),

            // TLS
            option("tls-cert", STRING, Options::tlsCert, Builder::tlsCert, "path to certificate file"),
            option("tls-key", STRING, Options::tlsKey, Builder::tlsKey, "path to key file"),
            option("tls-client-auth-policy", STRING, Options::tlsClientAuthPolicy, Builder::tlsClientAuthPolicy, "client certificate auth policy ('require' or 'require-verify')"),
            option("tls-root-ca-file", STRING, Options::tlsRootCaFile, Builder::tlsRootCaFile, "path to certificate authority file"),
            option("tls-required", TLS_REQUIRED, Options::tlsRequired, Builder::tlsRequired, "require TLS for client connections (true, false, tcp-https)"),
            option("tls-min-version", TLS_MIN_VERSION, Options::tlsMinVersion, Builder::tlsMinVersion, "minimum SSL/TLS version acceptable ('tls1.0', 'tls1.1', 'tls1.2' or 'tls1.3')"),

            // compression
            option("deflate", BOOL, Options::deflate, Builder::deflate, "enable deflate feature negotiation (client compression)"),
            option("max-deflate-level", INT, Options::maxDeflateLevel, Builder::maxDeflateLevel, "max deflate compression level a client can negotiate (> values == > nsqd CPU usage)"),
            option("snappy", BOOL, Options::snappy, Builder::snappy, "enable snappy feature negotiation (client compression)"),

            option("enable-experiment", STRINGS, Options::enableExperiment, Builder::enableExperiment, "enable experimental feature (may be given multiple times) (valid options: \"topology-aware-consumption\")")
                    .unsupported("is not supported yet: jnsq has no topology-aware consumption"),

            // jnsq's own
            option("force-nio", BOOL, Options::forceNio, Builder::forceNio, "use Java NIO even where native epoll is available"),
            option("log-format", LOG_FORMAT, Options::logFormat, Builder::logFormat, "log line format: text (nsqd's lines) or json (one object per line)"),
            option("durable-deferral", BOOL, Options::durableDeferral, Builder::durableDeferral, "keep deferred messages (DPUB, REQ with a delay) on disk, only an index in memory: they survive a crash and may wait for days"),
            option("dead-letter-max-attempts", INT, Options::deadLetterMaxAttempts, Builder::deadLetterMaxAttempts, "every channel's default: a message requeued or timed out after this many attempts goes to --dead-letter-topic (0: never)"),
            option("dead-letter-topic", STRING, Options::deadLetterTopic, Builder::deadLetterTopic, "the default dead-letter topic, for --dead-letter-max-attempts and for channels given max attempts without a topic"));

    private static final FlagSet FLAG_SET = new FlagSet("nsqd", ALL);

    private NsqdFlags() {
    }

    /** Reads a command line as nsqd's flag set would. */
    public static CommandLine parse(String... args) throws FlagException {
        return FLAG_SET.parse(args);
    }

    /** What {@code --help} prints: every flag with its type, help and non-zero default. */
    public static String usage(Options defaults) {
        return FLAG_SET.usage(defaults);
    }
}
