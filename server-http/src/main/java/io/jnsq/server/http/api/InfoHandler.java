package io.jnsq.server.http.api;

import io.jnsq.broker.Broker;
import io.jnsq.broker.Options;
import io.jnsq.broker.OsHostname;
import io.jnsq.broker.Version;

import java.io.IOException;

/** {@code GET /info}: what nsqadmin reads to identify a node. Durations are nanoseconds. */
final class InfoHandler {

    private final Broker broker;
    private final ListeningPorts ports;

    InfoHandler(Broker broker, ListeningPorts ports) {
        this.broker = broker;
        this.ports = ports;
    }

    ApiResponse info(ApiRequest request) throws ApiError {
        String hostname;
        try {
            hostname = OsHostname.get();
        } catch (IOException e) {
            throw new ApiError(500, String.valueOf(e.getMessage()));
        }
        Options options = broker.options();
        return ApiResponse.json(GoJson.write(json -> {
            json.writeStartObject();
            json.writeStringField("version", Version.NUMBER);
            json.writeStringField("broadcast_address", options.broadcastAddress());
            json.writeStringField("hostname", hostname);
            json.writeNumberField("http_port", ports.http());
            json.writeNumberField("tcp_port", ports.tcp());
            json.writeNumberField("start_time", broker.startTimeSeconds());
            json.writeNumberField("max_heartbeat_interval", options.maxHeartbeatInterval().toNanos());
            json.writeNumberField("max_output_buffer_size", options.maxOutputBufferSize());
            json.writeNumberField("max_output_buffer_timeout", options.maxOutputBufferTimeout().toNanos());
            json.writeNumberField("max_deflate_level", options.maxDeflateLevel());
            json.writeStringField("topology_zone", options.topologyZone());
            json.writeStringField("topology_region", options.topologyRegion());
            json.writeEndObject();
        }));
    }
}
