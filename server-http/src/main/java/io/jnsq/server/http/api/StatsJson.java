package io.jnsq.server.http.api;

import com.fasterxml.jackson.core.JsonGenerator;
import io.jnsq.broker.E2eLatency;
import io.jnsq.broker.Version;
import io.jnsq.broker.stats.MemoryStats;
import io.jnsq.broker.stats.Stats;

import java.io.IOException;
import java.util.List;

/** {@code /stats?format=json}: nsqd's field names, order, nulls and omissions, field by field. */
final class StatsJson {

    private StatsJson() {
    }

    /** @param memory {@code null} to omit the block ({@code include_mem=false}) */
    static byte[] render(Stats stats, String health, long startTimeSeconds, MemoryStats memory) {
        return GoJson.write(json -> {
            json.writeStartObject();
            json.writeStringField("version", Version.NUMBER);
            json.writeStringField("health", health);
            json.writeNumberField("start_time", startTimeSeconds);
            json.writeFieldName("topics");
            if (stats.topics() == null) {
                json.writeNull();
            } else {
                json.writeStartArray();
                for (Stats.TopicStats topic : stats.topics()) {
                    writeTopic(json, topic);
                }
                json.writeEndArray();
            }
            if (memory != null) {
                writeMemory(json, memory);
            }
            json.writeFieldName("producers");
            writeClients(json, stats.producers());
            json.writeEndObject();
        });
    }

    private static void writeTopic(JsonGenerator json, Stats.TopicStats topic) throws IOException {
        json.writeStartObject();
        json.writeStringField("topic_name", topic.name());
        json.writeArrayFieldStart("channels");
        for (Stats.ChannelStats channel : topic.channels()) {
            writeChannel(json, channel);
        }
        json.writeEndArray();
        json.writeNumberField("depth", topic.depth());
        json.writeNumberField("backend_depth", topic.backendDepth());
        json.writeNumberField("message_count", topic.messageCount());
        json.writeNumberField("message_bytes", topic.messageBytes());
        json.writeBooleanField("paused", topic.paused());
        writeLatency(json, topic.e2eLatency());
        json.writeEndObject();
    }

    private static void writeChannel(JsonGenerator json, Stats.ChannelStats channel) throws IOException {
        json.writeStartObject();
        json.writeStringField("channel_name", channel.name());
        json.writeNumberField("depth", channel.depth());
        json.writeNumberField("backend_depth", channel.backendDepth());
        json.writeNumberField("in_flight_count", channel.inFlightCount());
        json.writeNumberField("deferred_count", channel.deferredCount());
        json.writeNumberField("message_count", channel.messageCount());
        // nsqd master's field, omitempty; its zone_local/region_local siblings stay 0 without topology-aware
        // consumption, so they are always omitted
        if (channel.globalMsgCount() != 0) {
            json.writeNumberField("global_msg_count", channel.globalMsgCount());
        }
        json.writeNumberField("requeue_count", channel.requeueCount());
        json.writeNumberField("timeout_count", channel.timeoutCount());
        json.writeNumberField("client_count", channel.clientCount());
        json.writeFieldName("clients");
        writeClients(json, channel.clients());
        json.writeBooleanField("paused", channel.paused());
        writeLatency(json, channel.e2eLatency());
        // jnsq's, only where dead-lettering is on or has moved something: nsqadmin ignores fields it does not know
        if (channel.deadLetter().shown()) {
            json.writeNumberField("max_attempts", channel.deadLetter().maxAttempts());
            json.writeStringField("dead_letter_topic", channel.deadLetter().topic());
            json.writeNumberField("dead_letter_count", channel.deadLetter().count());
        }
        json.writeEndObject();
    }

    private static void writeClients(JsonGenerator json, List<Stats.ClientStats> clients) throws IOException {
        if (clients == null) {
            json.writeNull();
            return;
        }
        json.writeStartArray();
        for (Stats.ClientStats client : clients) {
            writeClient(json, client);
        }
        json.writeEndArray();
    }

    private static void writeClient(JsonGenerator json, Stats.ClientStats client) throws IOException {
        json.writeStartObject();
        json.writeStringField("client_id", client.clientName());
        json.writeStringField("hostname", client.hostname());
        json.writeStringField("version", client.version());
        json.writeStringField("remote_address", client.remoteAddress());
        json.writeNumberField("state", client.state());
        json.writeNumberField("ready_count", client.readyCount());
        json.writeNumberField("in_flight_count", client.inFlightCount());
        json.writeNumberField("message_count", client.messageCount());
        json.writeNumberField("finish_count", client.finishCount());
        json.writeNumberField("requeue_count", client.requeueCount());
        json.writeNumberField("connect_ts", client.connectTimeSeconds());
        json.writeNumberField("sample_rate", client.sampleRate());
        json.writeBooleanField("deflate", client.deflate());
        json.writeBooleanField("snappy", client.snappy());
        json.writeStringField("user_agent", client.userAgent());
        // omitted when false or empty, as Go's omitempty does
        if (client.authed()) {
            json.writeBooleanField("authed", true);
        }
        if (!client.authIdentity().isEmpty()) {
            json.writeStringField("auth_identity", client.authIdentity());
        }
        if (!client.authIdentityUrl().isEmpty()) {
            json.writeStringField("auth_identity_url", client.authIdentityUrl());
        }
        json.writeStringField("topology_zone", client.topologyZone());
        json.writeStringField("topology_region", client.topologyRegion());
        if (client.pubCount() != null) {
            json.writeArrayFieldStart("pub_counts");
            json.writeStartObject();
            json.writeStringField("topic", client.pubCount().getKey());
            json.writeNumberField("count", client.pubCount().getValue());
            json.writeEndObject();
            json.writeEndArray();
        }
        json.writeBooleanField("tls", client.tls());
        json.writeStringField("tls_cipher_suite", client.tlsCipherSuite());
        json.writeStringField("tls_version", client.tlsVersion());
        json.writeStringField("tls_negotiated_protocol", client.tlsNegotiatedProtocol());
        json.writeBooleanField("tls_negotiated_protocol_is_mutual", client.tlsNegotiatedProtocolIsMutual());
        json.writeEndObject();
    }

    private static void writeLatency(JsonGenerator json, E2eLatency latency) throws IOException {
        json.writeObjectFieldStart("e2e_processing_latency");
        json.writeNumberField("count", latency.count());
        json.writeFieldName("percentiles");
        if (latency.percentiles() == null) {
            json.writeNull();
        } else {
            json.writeStartArray();
            for (E2eLatency.Percentile percentile : latency.percentiles()) {
                json.writeStartObject();
                json.writeFieldName("quantile");
                GoJson.writeFloat(json, percentile.quantile());
                json.writeNumberField("value", percentile.valueNanos());
                json.writeEndObject();
            }
            json.writeEndArray();
        }
        json.writeEndObject();
    }

    private static void writeMemory(JsonGenerator json, MemoryStats memory) throws IOException {
        json.writeObjectFieldStart("memory");
        json.writeNumberField("heap_objects", memory.heapObjects());
        json.writeNumberField("heap_idle_bytes", memory.heapIdleBytes());
        json.writeNumberField("heap_in_use_bytes", memory.heapInUseBytes());
        json.writeNumberField("heap_released_bytes", memory.heapReleasedBytes());
        json.writeNumberField("gc_pause_usec_100", memory.gcPauseUsec100());
        json.writeNumberField("gc_pause_usec_99", memory.gcPauseUsec99());
        json.writeNumberField("gc_pause_usec_95", memory.gcPauseUsec95());
        json.writeNumberField("next_gc_bytes", memory.nextGcBytes());
        json.writeNumberField("gc_total_runs", memory.gcTotalRuns());
        json.writeEndObject();
    }
}
