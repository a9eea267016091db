package io.jnsq.broker.v2;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The IDENTIFY reply under feature negotiation, fields in nsqd's order: some clients search the
 * compact JSON text (e.g. for {@code "tls_v1":true}) instead of parsing it.
 */
@JsonPropertyOrder({"max_rdy_count", "version", "max_msg_timeout", "msg_timeout", "tls_v1", "deflate",
        "deflate_level", "max_deflate_level", "snappy", "sample_rate", "auth_required", "output_buffer_size",
        "output_buffer_timeout", "topology_region", "topology_zone"})
record IdentifyResponse(
        @JsonProperty("max_rdy_count") long maxRdyCount,
        @JsonProperty("version") String version,
        @JsonProperty("max_msg_timeout") long maxMsgTimeoutMillis,
        @JsonProperty("msg_timeout") long msgTimeoutMillis,
        @JsonProperty("tls_v1") boolean tlsV1,
        @JsonProperty("deflate") boolean deflate,
        @JsonProperty("deflate_level") int deflateLevel,
        @JsonProperty("max_deflate_level") int maxDeflateLevel,
        @JsonProperty("snappy") boolean snappy,
        @JsonProperty("sample_rate") int sampleRate,
        @JsonProperty("auth_required") boolean authRequired,
        @JsonProperty("output_buffer_size") int outputBufferSize,
        @JsonProperty("output_buffer_timeout") long outputBufferTimeoutMillis,
        @JsonProperty("topology_region") String topologyRegion,
        @JsonProperty("topology_zone") String topologyZone) {
}
