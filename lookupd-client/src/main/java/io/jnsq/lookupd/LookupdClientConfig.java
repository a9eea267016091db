package io.jnsq.lookupd;

import java.time.Duration;
import java.util.Objects;

/**
 * What a node tells nsqlookupd about itself and how patiently it talks to it. The launcher maps nsqd's
 * options onto this; the timing components default to nsqd's constants and are shorter only in tests.
 *
 * @param broadcastAddress   the address consumers reach this node at ({@code --broadcast-address})
 * @param broadcastTcpPort   the TCP port announced ({@code --broadcast-tcp-port}, or the bound one)
 * @param broadcastHttpPort  the HTTP port announced ({@code --broadcast-http-port}, or the bound one)
 * @param hostname           the OS hostname
 * @param version            the version announced; lookupd and nsqadmin compare it as semver
 * @param maxResponseSize    the largest response accepted from a lookupd ({@code --max-body-size})
 * @param pingInterval       between two {@code PING}s on an idle connection (15 s)
 * @param dialTimeout        for establishing a connection (1 s)
 * @param ioTimeout          for each command's answer (1 s): a lookupd slower than this is dropped
 * @param reconnectMinDelay  the first reconnect delay, doubled after each failed attempt (100 ms)
 * @param reconnectMaxDelay  the cap of that doubling (15 s, nsqd's lazy reconnect period)
 * @param httpConnectTimeout for the {@code /channels} query ({@code --http-client-connect-timeout})
 * @param httpRequestTimeout for the {@code /channels} query ({@code --http-client-request-timeout})
 */
public record LookupdClientConfig(
        String broadcastAddress,
        int broadcastTcpPort,
        int broadcastHttpPort,
        String hostname,
        String version,
        long maxResponseSize,
        Duration pingInterval,
        Duration dialTimeout,
        Duration ioTimeout,
        Duration reconnectMinDelay,
        Duration reconnectMaxDelay,
        Duration httpConnectTimeout,
        Duration httpRequestTimeout) {

    public LookupdClientConfig {
        Objects.requireNonNull(broadcastAddress, "broadcastAddress");
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(version, "version");
        requirePositive(pingInterval, "pingInterval");
        requirePositive(dialTimeout, "dialTimeout");
        requirePositive(ioTimeout, "ioTimeout");
        requirePositive(reconnectMinDelay, "reconnectMinDelay");
        requirePositive(reconnectMaxDelay, "reconnectMaxDelay");
        requirePositive(httpConnectTimeout, "httpConnectTimeout");
        requirePositive(httpRequestTimeout, "httpRequestTimeout");
        if (maxResponseSize <= 0) {
            throw new IllegalArgumentException("maxResponseSize must be positive");
        }
    }

    /** nsqd's timings: PING every 15 s, 1 s to connect and to answer, HTTP 2 s to connect and 5 s to answer. */
    public static LookupdClientConfig of(String broadcastAddress, int broadcastTcpPort, int broadcastHttpPort,
                                         String hostname, String version, long maxResponseSize) {
        return new LookupdClientConfig(broadcastAddress, broadcastTcpPort, broadcastHttpPort, hostname, version,
                maxResponseSize, Duration.ofSeconds(15), Duration.ofSeconds(1), Duration.ofSeconds(1),
                Duration.ofMillis(100), Duration.ofSeconds(15), Duration.ofSeconds(2), Duration.ofSeconds(5));
    }

    public LookupdClientConfig withPingInterval(Duration interval) {
        return new LookupdClientConfig(broadcastAddress, broadcastTcpPort, broadcastHttpPort, hostname, version,
                maxResponseSize, interval, dialTimeout, ioTimeout, reconnectMinDelay, reconnectMaxDelay,
                httpConnectTimeout, httpRequestTimeout);
    }

    public LookupdClientConfig withReconnectDelays(Duration min, Duration max) {
        return new LookupdClientConfig(broadcastAddress, broadcastTcpPort, broadcastHttpPort, hostname, version,
                maxResponseSize, pingInterval, dialTimeout, ioTimeout, min, max, httpConnectTimeout, httpRequestTimeout);
    }

    public LookupdClientConfig withHttpTimeouts(Duration connect, Duration request) {
        return new LookupdClientConfig(broadcastAddress, broadcastTcpPort, broadcastHttpPort, hostname, version,
                maxResponseSize, pingInterval, dialTimeout, ioTimeout, reconnectMinDelay, reconnectMaxDelay, connect, request);
    }

    private static void requirePositive(Duration duration, String name) {
        Objects.requireNonNull(duration, name);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }
}
