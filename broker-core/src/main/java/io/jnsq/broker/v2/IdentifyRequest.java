package io.jnsq.broker.v2;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The IDENTIFY body. Absent or {@code null} fields keep their defaults; unknown ones (go-nsq's
 * {@code short_id}, {@code long_id}) are ignored; key case does not matter (Go's decoder ignores it).
 */
record IdentifyRequest(
        @JsonProperty("client_id") String clientId,
        @JsonProperty("hostname") String hostname,
        @JsonProperty("user_agent") String userAgent,
        @JsonProperty("heartbeat_interval") Long heartbeatInterval,
        @JsonProperty("output_buffer_size") Long outputBufferSize,
        @JsonProperty("output_buffer_timeout") Long outputBufferTimeout,
        @JsonProperty("sample_rate") Integer sampleRate,
        @JsonProperty("msg_timeout") Long msgTimeout,
        @JsonProperty("feature_negotiation") Boolean featureNegotiation,
        @JsonProperty("tls_v1") Boolean tlsV1,
        @JsonProperty("deflate") Boolean deflate,
        @JsonProperty("deflate_level") Long deflateLevel,
        @JsonProperty("snappy") Boolean snappy,
        @JsonProperty("topology_region") String topologyRegion,
        @JsonProperty("topology_zone") String topologyZone) {

    static final IdentifyRequest EMPTY = new IdentifyRequest(null, null, null, null, null, null, null, null, null,
            null, null, null, null, null, null);

    static long orZero(Long value) {
        return value == null ? 0 : value;
    }

    static boolean isTrue(Boolean value) {
        return value != null && value;
    }
}
