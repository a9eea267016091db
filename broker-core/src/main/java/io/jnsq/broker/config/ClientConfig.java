package io.jnsq.broker.config;

import com.google.auto.value.AutoValue;

import java.time.Duration;

/** What a client connection gets by default, and the limits of what it may negotiate in IDENTIFY. */
@AutoValue
public abstract class ClientConfig {

    ClientConfig() {
    }

    /** Not a flag in nsqd: half its fixed client timeout (60 s), unless a client asks otherwise. */
    public abstract Duration defaultHeartbeatInterval();

    /** {@code --max-heartbeat-interval}. */
    public abstract Duration maxHeartbeatInterval();

    /** {@code --max-rdy-count}. */
    public abstract long maxRdyCount();

    /** {@code --max-output-buffer-size}: the largest output buffer a client may ask for. */
    public abstract long maxOutputBufferSize();

    /** {@code --output-buffer-timeout}: the flush interval of a client that does not choose its own. */
    public abstract Duration outputBufferTimeout();

    /** {@code --min-output-buffer-timeout}. */
    public abstract Duration minOutputBufferTimeout();

    /** {@code --max-output-buffer-timeout}. */
    public abstract Duration maxOutputBufferTimeout();

    /** {@code --max-channel-consumers}: per channel on this node; 0 is unlimited. */
    public abstract int maxChannelConsumers();

    /** {@code --deflate}: whether clients may negotiate deflate. */
    public abstract boolean deflate();

    /** {@code --max-deflate-level}: 1..9. */
    public abstract int maxDeflateLevel();

    /** {@code --snappy}: whether clients may negotiate snappy. */
    public abstract boolean snappy();

    /** {@code --tls-required}. */
    public abstract TlsRequired tlsRequired();

    /** {@code --topology-region}: reported in IDENTIFY and {@code /info}. */
    public abstract String topologyRegion();

    /** {@code --topology-zone}: reported in IDENTIFY and {@code /info}. */
    public abstract String topologyZone();

    /** nsqd's defaults. */
    public static Builder builder() {
        return new AutoValue_ClientConfig.Builder()
                .defaultHeartbeatInterval(Duration.ofSeconds(30))
                .maxHeartbeatInterval(Duration.ofSeconds(60))
                .maxRdyCount(2500)
                .maxOutputBufferSize(64L * 1024)
                .outputBufferTimeout(Duration.ofMillis(250))
                .minOutputBufferTimeout(Duration.ofMillis(25))
                .maxOutputBufferTimeout(Duration.ofSeconds(30))
                .maxChannelConsumers(0)
                .deflate(true)
                .maxDeflateLevel(6)
                .snappy(true)
                .tlsRequired(TlsRequired.NOT_REQUIRED)
                .topologyRegion("")
                .topologyZone("");
    }

    public static ClientConfig defaults() {
        return builder().build();
    }

    public abstract Builder toBuilder();

    @AutoValue.Builder
    public abstract static class Builder {

        Builder() {
        }

        public abstract Builder defaultHeartbeatInterval(Duration interval);

        public abstract Builder maxHeartbeatInterval(Duration interval);

        public abstract Builder maxRdyCount(long count);

        public abstract Builder maxOutputBufferSize(long bytes);

        public abstract Builder outputBufferTimeout(Duration timeout);

        public abstract Builder minOutputBufferTimeout(Duration timeout);

        public abstract Builder maxOutputBufferTimeout(Duration timeout);

        public abstract Builder maxChannelConsumers(int consumers);

        public abstract Builder deflate(boolean allowed);

        public abstract Builder maxDeflateLevel(int level);

        public abstract Builder snappy(boolean allowed);

        public abstract Builder tlsRequired(TlsRequired required);

        abstract TlsRequired tlsRequired();

        public abstract Builder topologyRegion(String region);

        public abstract Builder topologyZone(String zone);

        abstract ClientConfig autoBuild();

        /** A client certificate policy implies TLS, unless TLS is already required some other way (nsqd's rule). */
        public Builder requireTlsIfNotRequired() {
            return tlsRequired() == TlsRequired.NOT_REQUIRED ? tlsRequired(TlsRequired.REQUIRED) : this;
        }

        /** @throws IllegalArgumentException with nsqd's message */
        public ClientConfig build() {
            ClientConfig config = autoBuild();
            Validation.require(config.maxDeflateLevel() >= 1 && config.maxDeflateLevel() <= 9, "--max-deflate-level must be [1,9]");
            return config;
        }
    }
}
