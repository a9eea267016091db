package io.jnsq.lookupd;

import com.google.auto.value.AutoValue;

import java.time.Duration;

/**
 * What a node tells nsqlookupd about itself and how patiently it talks to it. The launcher maps nsqd's
 * options onto this; the timings default to nsqd's constants and are shorter only in tests.
 */
@AutoValue
public abstract class LookupdClientConfig {

    LookupdClientConfig() {
    }

    /** The address consumers reach this node at ({@code --broadcast-address}). */
    public abstract String broadcastAddress();

    /** The TCP port announced ({@code --broadcast-tcp-port}, or the bound one). */
    public abstract int broadcastTcpPort();

    /** The HTTP port announced ({@code --broadcast-http-port}, or the bound one). */
    public abstract int broadcastHttpPort();

    /** The OS hostname. */
    public abstract String hostname();

    /** The version announced; lookupd and nsqadmin compare it as semver. */
    public abstract String version();

    /** The largest response accepted from a lookupd ({@code --max-body-size}). */
    public abstract long maxResponseSize();

    /** Between two {@code PING}s on an idle connection (15 s). */
    public abstract Duration pingInterval();

    /** For establishing a connection (1 s). */
    public abstract Duration dialTimeout();

    /** For each command's answer (1 s): a lookupd slower than this is dropped. */
    public abstract Duration ioTimeout();

    /** The first reconnect delay, doubled after each failed attempt (100 ms). */
    public abstract Duration reconnectMinDelay();

    /** The cap of that doubling (15 s, nsqd's lazy reconnect period). */
    public abstract Duration reconnectMaxDelay();

    /** For the {@code /channels} query ({@code --http-client-connect-timeout}). */
    public abstract Duration httpConnectTimeout();

    /** For the {@code /channels} query ({@code --http-client-request-timeout}). */
    public abstract Duration httpRequestTimeout();

    /**
     * nsqd's timings: PING every 15 s, 1 s to connect and to answer, reconnects from 100 ms up to 15 s,
     * HTTP 2 s to connect and 5 s to answer. The node's identity has no default.
     */
    public static Builder builder() {
        return new AutoValue_LookupdClientConfig.Builder()
                .maxResponseSize(5L * 1024 * 1024)
                .pingInterval(Duration.ofSeconds(15))
                .dialTimeout(Duration.ofSeconds(1))
                .ioTimeout(Duration.ofSeconds(1))
                .reconnectMinDelay(Duration.ofMillis(100))
                .reconnectMaxDelay(Duration.ofSeconds(15))
                .httpConnectTimeout(Duration.ofSeconds(2))
                .httpRequestTimeout(Duration.ofSeconds(5));
    }

    public abstract Builder toBuilder();

    @AutoValue.Builder
    public abstract static class Builder {

        Builder() {
        }

        public abstract Builder broadcastAddress(String address);

        public abstract Builder broadcastTcpPort(int port);

        public abstract Builder broadcastHttpPort(int port);

        public abstract Builder hostname(String hostname);

        public abstract Builder version(String version);

        public abstract Builder maxResponseSize(long bytes);

        public abstract Builder pingInterval(Duration interval);

        public abstract Builder dialTimeout(Duration timeout);

        public abstract Builder ioTimeout(Duration timeout);

        public abstract Builder reconnectMinDelay(Duration delay);

        public abstract Builder reconnectMaxDelay(Duration delay);

        public abstract Builder httpConnectTimeout(Duration timeout);

        public abstract Builder httpRequestTimeout(Duration timeout);

        abstract LookupdClientConfig autoBuild();

        /** @throws IllegalArgumentException naming the setting that is not positive */
        public LookupdClientConfig build() {
            LookupdClientConfig config = autoBuild();
            requirePositive(config.pingInterval(), "pingInterval");
            requirePositive(config.dialTimeout(), "dialTimeout");
            requirePositive(config.ioTimeout(), "ioTimeout");
            requirePositive(config.reconnectMinDelay(), "reconnectMinDelay");
            requirePositive(config.reconnectMaxDelay(), "reconnectMaxDelay");
            requirePositive(config.httpConnectTimeout(), "httpConnectTimeout");
            requirePositive(config.httpRequestTimeout(), "httpRequestTimeout");
            if (config.maxResponseSize() <= 0) {
                throw new IllegalArgumentException("maxResponseSize must be positive");
            }
            return config;
        }

        private static void requirePositive(Duration duration, String name) {
            if (duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException(name + " must be positive");
            }
        }
    }
}
