package io.jnsq.nsqd;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

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
 * Every nsqd flag, with nsqd's name, help text and config key, and the setting of the configuration part
 * it maps onto; the one table that drives parsing, {@code --help}, the config file, {@code /config/:opt}
 * and the refusal of values jnsq does not honour (none is silently ignored). A new option is one line here
 * plus its setting in the part that reads it.
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
            option("log-level", LOG_LEVEL, c -> c.logging().level(), (b, v) -> b.logging().level(v), "set log verbosity: debug, info, warn, error, or fatal"),
            option("log-prefix", STRING, c -> c.logging().prefix(), (b, v) -> b.logging().prefix(v), "log message prefix"),
            Flag.deprecated("verbose", "[deprecated] has no effect, use --log-level"),
            option("node-id", INT, c -> c.messages().nodeId(), (b, v) -> b.messages().nodeId(v), "unique part for message IDs, (int) in range [0,1024) (default is hash of hostname)").configKey("id"),
            Flag.deprecated("worker-id", "[deprecated] use --node-id"),

            option("https-address", STRING, c -> c.listeners().httpsAddress(), (b, v) -> b.listeners().httpsAddress(v), "<addr>:<port> to listen on for HTTPS clients")
                    .refusing(ListenAddress::isUnixSocketPath, UNIX_SOCKET),
            option("http-address", STRING, c -> c.listeners().httpAddress(), (b, v) -> b.listeners().httpAddress(v), "address to listen on for HTTP clients (<addr>:<port>; unix socket paths are not supported yet)")
                    .refusing(ListenAddress::isUnixSocketPath, UNIX_SOCKET),
            option("tcp-address", STRING, c -> c.listeners().tcpAddress(), (b, v) -> b.listeners().tcpAddress(v), "address to listen on for TCP clients (<addr>:<port>; unix socket paths are not supported yet)")
                    .refusing(ListenAddress::isUnixSocketPath, UNIX_SOCKET),
            option("auth-http-address", STRINGS, c -> c.auth().httpAddresses(), (b, v) -> b.auth().httpAddresses(v), "<addr>:<port> or a full url to query auth server (may be given multiple times)").configKey("auth_http_addresses"),
            option("auth-http-request-method", STRING, c -> c.auth().requestMethod(), (b, v) -> b.auth().requestMethod(v), "HTTP method to use for auth server requests"),
            option("broadcast-address", STRING, c -> c.cluster().broadcastAddress(), (b, v) -> b.cluster().broadcastAddress(v), "address that will be registered with lookupd (defaults to the OS hostname)"),
            option("broadcast-tcp-port", INT, c -> c.cluster().broadcastTcpPort(), (b, v) -> b.cluster().broadcastTcpPort(v), "TCP port that will be registered with lookupd (defaults to the TCP port that this nsqd is listening on)"),
            option("broadcast-http-port", INT, c -> c.cluster().broadcastHttpPort(), (b, v) -> b.cluster().broadcastHttpPort(v), "HTTP port that will be registered with lookupd (defaults to the HTTP port that this nsqd is listening on)"),
            option("lookupd-tcp-address", STRINGS, c -> c.cluster().lookupdTcpAddresses(), (b, v) -> b.cluster().lookupdTcpAddresses(v), "lookupd TCP address (may be given multiple times)").configKey("nsqlookupd_tcp_addresses"),
            option("http-client-connect-timeout", DURATION, c -> c.httpClient().connectTimeout(), (b, v) -> b.httpClient().connectTimeout(v), "timeout for HTTP connect"),
            option("http-client-request-timeout", DURATION, c -> c.httpClient().requestTimeout(), (b, v) -> b.httpClient().requestTimeout(v), "timeout for HTTP request"),
            option("topology-region", STRING, c -> c.clients().topologyRegion(), (b, v) -> b.clients().topologyRegion(v), "A region represents a larger domain, made up of one or more zones for preferring closer consumer" + TOPOLOGY_REPORTED_ONLY),
            option("topology-zone", STRING, c -> c.clients().topologyZone(), (b, v) -> b.clients().topologyZone(v), "A zone represents a logical failure domain for preferring closer consumer" + TOPOLOGY_REPORTED_ONLY),

            // diskqueue options
            option("data-path", STRING, c -> c.queues().dataPath().map(Path::toString).orElse(""), (b, v) -> b.queues().dataPath(Path.of(v)), "path to store disk-backed messages"),
            option("mem-queue-size", INT64, c -> c.queues().memQueueSize(), (b, v) -> b.queues().memQueueSize(v), "number of messages to keep in memory (per topic/channel)"),
            option("max-bytes-per-file", INT64, c -> c.queues().maxBytesPerFile(), (b, v) -> b.queues().maxBytesPerFile(v), "number of bytes per diskqueue file before rolling"),
            option("sync-every", INT64, c -> c.queues().syncEvery(), (b, v) -> b.queues().syncEvery(v), "number of messages per diskqueue fsync"),
            option("sync-timeout", DURATION, c -> c.queues().syncTimeout(), (b, v) -> b.queues().syncTimeout(v), "duration of time per diskqueue fsync"),
            Flag.unsupported("queue-scan-worker-pool-max", INT, 4, "max concurrency for checking in-flight and deferred message timeouts", SCANS_EVERY_CHANNEL),
            Flag.unsupported("queue-scan-selection-count", INT, 20, "number of channels to check per cycle (every 100ms) for in-flight and deferred timeouts", SCANS_EVERY_CHANNEL),

            // msg and command options
            option("msg-timeout", DURATION, c -> c.messages().msgTimeout(), (b, v) -> b.messages().msgTimeout(v), "default duration to wait before auto-requeing a message"),
            option("max-msg-timeout", DURATION, c -> c.messages().maxMsgTimeout(), (b, v) -> b.messages().maxMsgTimeout(v), "maximum duration before a message will timeout"),
            option("max-msg-size", INT64, c -> c.messages().maxMsgSize(), (b, v) -> b.messages().maxMsgSize(v), "maximum size of a single message in bytes"),
            option("max-req-timeout", DURATION, c -> c.messages().maxReqTimeout(), (b, v) -> b.messages().maxReqTimeout(v), "maximum requeuing timeout for a message"),
            option("max-body-size", INT64, c -> c.messages().maxBodySize(), (b, v) -> b.messages().maxBodySize(v), "maximum size of a single command body"),

            // client overridable configuration options
            option("max-heartbeat-interval", DURATION, c -> c.clients().maxHeartbeatInterval(), (b, v) -> b.clients().maxHeartbeatInterval(v), "maximum client configurable duration of time between client heartbeats"),
            option("max-rdy-count", INT64, c -> c.clients().maxRdyCount(), (b, v) -> b.clients().maxRdyCount(v), "maximum RDY count for a client"),
            option("max-output-buffer-size", INT64, c -> c.clients().maxOutputBufferSize(), (b, v) -> b.clients().maxOutputBufferSize(v), "maximum client configurable size (in bytes) for a client output buffer"),
            option("max-output-buffer-timeout", DURATION, c -> c.clients().maxOutputBufferTimeout(), (b, v) -> b.clients().maxOutputBufferTimeout(v), "maximum client configurable duration of time between flushing to a client"),
            option("min-output-buffer-timeout", DURATION, c -> c.clients().minOutputBufferTimeout(), (b, v) -> b.clients().minOutputBufferTimeout(v), "minimum client configurable duration of time between flushing to a client"),
            option("output-buffer-timeout", DURATION, c -> c.clients().outputBufferTimeout(), (b, v) -> b.clients().outputBufferTimeout(v), "default duration of time between flushing data to clients"),
            option("max-channel-consumers", INT, c -> c.clients().maxChannelConsumers(), (b, v) -> b.clients().maxChannelConsumers(v), "maximum channel consumer connection count per nsqd instance (default 0, i.e., unlimited)"),

            // statsd integration options
            option("statsd-address", STRING, c -> c.statsd().address(), (b, v) -> b.statsd().address(v), "UDP <addr>:<port> of a statsd daemon for pushing stats"),
            option("statsd-interval", DURATION, c -> c.statsd().interval(), (b, v) -> b.statsd().interval(v), "duration between pushing to statsd"),
            option("statsd-mem-stats", BOOL, c -> c.statsd().memStats(), (b, v) -> b.statsd().memStats(v), "toggle sending memory and GC stats to statsd"),
            option("statsd-prefix", STRING, c -> c.statsd().prefix(), (b, v) -> b.statsd().prefix(v), "prefix used for keys sent to statsd (%s for host replacement)"),
            option("statsd-udp-packet-size", INT, c -> c.statsd().udpPacketSize(), (b, v) -> b.statsd().udpPacketSize(v), "the size in bytes of statsd UDP packets"),
            option("statsd-exclude-ephemeral", BOOL, c -> c.statsd().excludeEphemeral(), (b, v) -> b.statsd().excludeEphemeral(v), "Skip ephemeral topics and channels when sending stats to statsd"),

            // end to end percentiles
            option("e2e-processing-latency-percentile", PERCENTILES, c -> c.messages().e2eProcessingLatencyPercentiles(), (b, v) -> b.messages().e2eProcessingLatencyPercentiles(v), "message processing time percentiles (as float (0, 1.0]) to track (can be specified multiple times or comma separated '1.0,0.99,0.95', default none)").configKey("e2e_processing_latency_percentiles"),
            option("e2e-processing-latency-window-time", DURATION, c -> c.messages().e2eProcessingLatencyWindowTime(), (b, v) -> b.messages().e2eProcessingLatencyWindowTime(v), "calculate end to end latency quantiles for this duration of time (ie: 60s would only show quantile calculations from the past 60 seconds)"),

            // TLS
            option("tls-cert", STRING, c -> c.tls().cert(), (b, v) -> b.tls().cert(v), "path to certificate file"),
            option("tls-key", STRING, c -> c.tls().key(), (b, v) -> b.tls().key(v), "path to key file"),
            option("tls-client-auth-policy", STRING, c -> c.tls().clientAuthPolicy(), (b, v) -> b.tls().clientAuthPolicy(v), "client certificate auth policy ('require' or 'require-verify')"),
            option("tls-root-ca-file", STRING, c -> c.tls().rootCaFile(), (b, v) -> b.tls().rootCaFile(v), "path to certificate authority file"),
            option("tls-required", TLS_REQUIRED, c -> c.clients().tlsRequired(), (b, v) -> b.clients().tlsRequired(v), "require TLS for client connections (true, false, tcp-https)"),
            option("tls-min-version", TLS_MIN_VERSION, c -> c.tls().minVersion(), (b, v) -> b.tls().minVersion(v), "minimum SSL/TLS version acceptable ('tls1.0', 'tls1.1', 'tls1.2' or 'tls1.3')"),

            // compression
            option("deflate", BOOL, c -> c.clients().deflate(), (b, v) -> b.clients().deflate(v), "enable deflate feature negotiation (client compression)"),
            option("max-deflate-level", INT, c -> c.clients().maxDeflateLevel(), (b, v) -> b.clients().maxDeflateLevel(v), "max deflate compression level a client can negotiate (> values == > nsqd CPU usage)"),
            option("snappy", BOOL, c -> c.clients().snappy(), (b, v) -> b.clients().snappy(v), "enable snappy feature negotiation (client compression)"),

            Flag.unsupported("enable-experiment", STRINGS, List.of(), "enable experimental feature (may be given multiple times) (valid options: \"topology-aware-consumption\")",
                    "is not supported yet: jnsq has no topology-aware consumption"),

            // jnsq's own
            option("force-nio", BOOL, c -> c.listeners().forceNio(), (b, v) -> b.listeners().forceNio(v), "use Java NIO even where native epoll is available"),
            option("log-format", LOG_FORMAT, c -> c.logging().format(), (b, v) -> b.logging().format(v), "log line format: text (nsqd's lines) or json (one object per line)"),
            option("durable-deferral", BOOL, c -> c.queues().durableDeferral(), (b, v) -> b.queues().durableDeferral(v), "keep deferred messages (DPUB, REQ with a delay) on disk, only an index in memory: they survive a crash and may wait for days"),
            option("dead-letter-max-attempts", INT, c -> c.messages().deadLetterMaxAttempts(), (b, v) -> b.messages().deadLetterMaxAttempts(v), "every channel's default: a message requeued or timed out after this many attempts goes to --dead-letter-topic (0: never)"),
            option("dead-letter-topic", STRING, c -> c.messages().deadLetterTopic(), (b, v) -> b.messages().deadLetterTopic(v), "the default dead-letter topic, for --dead-letter-max-attempts and for channels given max attempts without a topic"));


    private static final FlagSet FLAG_SET = new FlagSet("nsqd", ALL);

    private NsqdFlags() {
    }

    /** Reads a command line as nsqd's flag set would. */
    public static CommandLine parse(String... args) throws FlagException {
        return FLAG_SET.parse(args);
    }

    /** What {@code --help} prints: every flag with its type, help and non-zero default. */
    public static String usage(NsqdConfig defaults) {
        return FLAG_SET.usage(defaults);
    }

    /** An option by its config-file name as {@code GET /config/:opt} shows it; empty for no option. */
    static Optional<Object> configValue(NsqdConfig config, String configKey) {
        return ALL.stream().filter(flag -> flag.isOption() && flag.configKey().equals(configKey)).findFirst()
                .map(flag -> configValue(flag, config));
    }

    private static <T> Object configValue(Flag<T> flag, NsqdConfig config) {
        return flag.type().configValue(flag.value().apply(config));
    }
}
