package io.jnsq.metrics;

import io.jnsq.broker.Options;

import java.time.Duration;

/**
 * What the statsd pusher needs from the options.
 *
 * @param address          {@code host:port} of the statsd daemon (UDP); empty: no pushing
 * @param prefix           already expanded ({@link StatsdPrefix#expand})
 * @param interval         between two pushes; the datagrams of one push are spread over it less a second
 * @param memStats         also push the JVM's memory and GC figures under nsqd's {@code mem.*} names
 * @param udpPacketSize    the largest datagram, in bytes
 * @param excludeEphemeral leave out {@code #ephemeral} topics and channels
 */
public record StatsdConfig(String address, String prefix, Duration interval, boolean memStats, int udpPacketSize,
                           boolean excludeEphemeral) {

    /** Checked only when pushing: without an address the other settings mean nothing, as in nsqd. */
    public StatsdConfig {
        if (!address.isEmpty() && (interval.isNegative() || interval.isZero())) {
            throw new IllegalArgumentException("--statsd-interval must be positive, not " + interval);
        }
        if (!address.isEmpty() && udpPacketSize < 1) {
            throw new IllegalArgumentException("--statsd-udp-packet-size must be positive, not " + udpPacketSize);
        }
    }

    /** From options whose {@code statsd_prefix} has been expanded already. */
    public static StatsdConfig from(Options options) {
        return new StatsdConfig(options.statsdAddress(), options.statsdPrefix(), options.statsdInterval(),
                options.statsdMemStats(), options.statsdUdpPacketSize(), options.statsdExcludeEphemeral());
    }

    public boolean enabled() {
        return !address.isEmpty();
    }
}
