package io.jnsq.broker.config;

import com.google.auto.value.AutoValue;
import io.jnsq.broker.DeadLetterPolicy;
import io.jnsq.broker.OsHostname;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.zip.CRC32;

/** How messages are named, sized and timed, whichever protocol carries them. */
@AutoValue
public abstract class MessageConfig {

    MessageConfig() {
    }

    /** {@code --node-id} (config key {@code id}): 0..1023, seeds message ids. */
    public abstract int nodeId();

    /** {@code --msg-timeout}: the in-flight timeout of a client that does not choose its own. */
    public abstract Duration msgTimeout();

    /** {@code --max-msg-timeout}: the longest in-flight timeout a client may choose. */
    public abstract Duration maxMsgTimeout();

    /** {@code --max-req-timeout}: the longest deferral of a REQ or a deferred publish. */
    public abstract Duration maxReqTimeout();

    /** {@code --max-msg-size}: the largest message body. */
    public abstract long maxMsgSize();

    /** {@code --max-body-size}: the largest command body (MPUB). */
    public abstract long maxBodySize();

    /** {@code --e2e-processing-latency-percentile}: sorted from the highest down; empty tracks none. */
    public abstract List<Double> e2eProcessingLatencyPercentiles();

    /** {@code --e2e-processing-latency-window-time}. */
    public abstract Duration e2eProcessingLatencyWindowTime();

    /** {@code --dead-letter-max-attempts} (jnsq): every channel's default; 0 never moves a message. */
    public abstract int deadLetterMaxAttempts();

    /** {@code --dead-letter-topic} (jnsq): where the default sends them, and a channel's setting unless it names one. */
    public abstract String deadLetterTopic();

    /**
     * nsqd's defaults: node id from the host name, 60 s, 15 min, 1 h, 1 MiB, 5 MiB, no percentiles over 10 min;
     * no dead-lettering.
     */
    public static Builder builder() {
        return new AutoValue_MessageConfig.Builder()
                .nodeId(defaultNodeId())
                .msgTimeout(Duration.ofSeconds(60))
                .maxMsgTimeout(Duration.ofMinutes(15))
                .maxReqTimeout(Duration.ofHours(1))
                .maxMsgSize(1024L * 1024)
                .maxBodySize(5L * 1024 * 1024)
                .e2eProcessingLatencyPercentiles(List.of())
                .e2eProcessingLatencyWindowTime(Duration.ofMinutes(10))
                .deadLetterMaxAttempts(0)
                .deadLetterTopic("");
    }

    public static MessageConfig defaults() {
        return builder().build();
    }

    public abstract Builder toBuilder();

    /** nsqd's default node id: CRC-32 of the MD5 digest of the host name, modulo 1024. */
    private static int defaultNodeId() {
        String hostname;
        try {
            hostname = OsHostname.get();
        } catch (IOException e) {
            hostname = "localhost";
        }
        try {
            byte[] digest = MessageDigest.getInstance("MD5").digest(hostname.getBytes(StandardCharsets.UTF_8));
            CRC32 crc = new CRC32();
            crc.update(digest);
            return (int) (crc.getValue() % 1024);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is required of every JVM", e);
        }
    }

    @AutoValue.Builder
    public abstract static class Builder {

        Builder() {
        }

        public abstract Builder nodeId(int nodeId);

        public abstract Builder msgTimeout(Duration timeout);

        public abstract Builder maxMsgTimeout(Duration timeout);

        public abstract Builder maxReqTimeout(Duration timeout);

        public abstract Builder maxMsgSize(long bytes);

        public abstract Builder maxBodySize(long bytes);

        /** Kept sorted from the highest down, as nsqd keeps them. */
        public abstract Builder e2eProcessingLatencyPercentiles(List<Double> percentiles);

        abstract List<Double> e2eProcessingLatencyPercentiles();

        public abstract Builder e2eProcessingLatencyWindowTime(Duration window);

        public abstract Builder deadLetterMaxAttempts(int maxAttempts);

        public abstract Builder deadLetterTopic(String topic);

        abstract MessageConfig autoBuild();

        /** @throws IllegalArgumentException with nsqd's message, in nsqd's order */
        public MessageConfig build() {
            e2eProcessingLatencyPercentiles(e2eProcessingLatencyPercentiles().stream().sorted(Comparator.reverseOrder()).toList());
            MessageConfig config = autoBuild();
            Validation.require(config.nodeId() >= 0 && config.nodeId() < 1024, "--node-id must be [0,1024)");
            for (double percentile : config.e2eProcessingLatencyPercentiles()) {
                Validation.require(percentile > 0 && percentile <= 1,
                        "invalid E2E processing latency percentile: " + goNumber(percentile));
            }
            String deadLetter = DeadLetterPolicy.problemWithDefault(config.deadLetterMaxAttempts(), config.deadLetterTopic());
            Validation.require(deadLetter == null, "--dead-letter-max-attempts " + config.deadLetterMaxAttempts()
                    + " --dead-letter-topic \"" + config.deadLetterTopic() + "\": " + deadLetter);
            return config;
        }

        /** Go's {@code %v} of a float64 for the values a person types: {@code 2}, {@code 1.5}, {@code -0.25}. */
        private static String goNumber(double value) {
            return Double.isFinite(value) ? BigDecimal.valueOf(value).stripTrailingZeros().toPlainString() : String.valueOf(value);
        }
    }
}
