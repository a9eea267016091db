package io.jnsq.server.http.api;

import io.jnsq.broker.Broker;
import io.jnsq.broker.config.BrokerConfig;
import io.jnsq.broker.OsHostname;
import io.jnsq.broker.Version;

import java.io.IOException;

/** {@code GET /info}: what nsqadmin reads to identify a node. Durations are nanoseconds. */
final class InfoHandler {

    private final Broker broker;
    private final ListeningPorts ports;
    private final NodeOptions options;

    InfoHandler(Broker broker, ListeningPorts ports, NodeOptions options) {
        this.broker = broker;
        this.ports = ports;
        this.options = options;
    }

    ApiResponse info(ApiRequest request) throws ApiError {
        String hostname;
        try {
            hostname = OsHostname.get();
        } catch (IOException e) {
            throw new ApiError(500, String.valueOf(e.getMessage()));
        }
        BrokerConfig config = broker.config();
        return ApiResponse.json(GoJson.write(json -> {
            json.writeStartObject();
            json.writeStringField("version", Version.NUMBER);
            json.writeStringField("broadcast_address", options.broadcastAddress());
            json.writeStringField("hostname", hostname);
            json.writeNumberField("http_port", ports.http());
            json.writeNumberField("tcp_port", ports.tcp());
            json.writeNumberField("start_time", broker.startTimeSeconds());
            json.writeNumberField("max_heartbeat_interval", config.clients().maxHeartbeatInterval().toNanos());
            json.writeNumberField("max_output_buffer_size", config.clients().maxOutputBufferSize());
            json.writeNumberField("max_output_buffer_timeout", config.clients().maxOutputBufferTimeout().toNanos());
            json.writeNumberField("max_deflate_level", config.clients().maxDeflateLevel());
            json.writeStringField("topology_zone", config.clients().topologyZone());
            json.writeStringField("topology_region", config.clients().topologyRegion());
            json.writeEndObject();
        }));
    }
}
