package io.jnsq.metrics;

import com.google.auto.value.AutoValue;
import io.jnsq.broker.config.Validation;

import java.time.Duration;

/** What the statsd pusher needs: nsqd's {@code --statsd-*} options. */
@AutoValue
public abstract class StatsdConfig {

    StatsdConfig() {
    }

    /** {@code --statsd-address}: {@code host:port} of the statsd daemon (UDP); empty: no pushing. */
    public abstract String address();

    /** {@code --statsd-prefix}: {@code %s} stands for the node's address until {@link StatsdPrefix#expand}. */
    public abstract String prefix();

    /** {@code --statsd-interval}: between two pushes; the datagrams of one push are spread over it less a second. */
    public abstract Duration interval();

    /** {@code --statsd-mem-stats}: also push the JVM's memory and GC figures under nsqd's {@code mem.*} names. */
    public abstract boolean memStats();

    /** {@code --statsd-udp-packet-size}: the largest datagram, in bytes. */
    public abstract int udpPacketSize();

    /** {@code --statsd-exclude-ephemeral}: leave out {@code #ephemeral} topics and channels. */
    public abstract boolean excludeEphemeral();

    /** nsqd's defaults: no address, {@code nsq.%s}, every 60 s, memory stats, 508-byte datagrams. */
    public static Builder builder() {
        return new AutoValue_StatsdConfig.Builder()
                .address("")
                .prefix("nsq.%s")
                .interval(Duration.ofSeconds(60))
                .memStats(true)
                .udpPacketSize(508)
                .excludeEphemeral(false);
    }

    public static StatsdConfig defaults() {
        return builder().build();
    }

    public abstract Builder toBuilder();

    public boolean enabled() {
        return !address().isEmpty();
    }

    @AutoValue.Builder
    public abstract static class Builder {

        Builder() {
        }

        public abstract Builder address(String address);

        public abstract Builder prefix(String prefix);

        public abstract Builder interval(Duration interval);

        public abstract Builder memStats(boolean push);

        public abstract Builder udpPacketSize(int bytes);

        public abstract Builder excludeEphemeral(boolean exclude);

        abstract StatsdConfig autoBuild();

        /** Checked only when pushing: without an address the other settings mean nothing, as in nsqd. */
        public StatsdConfig build() {
            StatsdConfig config = autoBuild();
            if (config.enabled()) {
                Validation.requirePositive(config.interval(), "--statsd-interval");
                Validation.require(config.udpPacketSize() >= 1,
                        "--statsd-udp-packet-size must be positive, not " + config.udpPacketSize());
            }
            return config;
        }
    }
}
