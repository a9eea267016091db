package io.jnsq.lookupd;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What a lookupd says about itself in reply to IDENTIFY; its broadcast address and HTTP port are where
 * a new topic's channels are asked for.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record LookupdInfo(
        @JsonProperty("tcp_port") int tcpPort,
        @JsonProperty("http_port") int httpPort,
        @JsonProperty("version") String version,
        @JsonProperty("broadcast_address") String broadcastAddress) {

    /** Formatted as nsqd's {@code %+v} of its peer info, which operators grep for. */
    @Override
    public String toString() {
        return "{TCPPort:" + tcpPort + " HTTPPort:" + httpPort + " Version:" + version
                + " BroadcastAddress:" + broadcastAddress + "}";
    }
}
