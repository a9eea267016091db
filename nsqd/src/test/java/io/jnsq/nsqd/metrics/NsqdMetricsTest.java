package io.jnsq.nsqd.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jnsq.broker.wire.WireClient;
import io.jnsq.nsqd.Nsqd;
import io.jnsq.nsqd.OptionsResolver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Optional;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code GET /metrics} and the nsqadmin-facing additions to {@code /stats} and {@code /config}, on a running nsqd. */
@Timeout(30)
class NsqdMetricsTest {

    @TempDir
    Path dataPath;
    private Nsqd nsqd;
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        if (nsqd != null) {
            nsqd.close();
        }
    }

    private void start(String... flags) throws Exception {
        String[] all = new String[flags.length + 3];
        all[0] = "--tcp-address=127.0.0.1:0";
        all[1] = "--http-address=127.0.0.1:0";
        all[2] = "--data-path=" + dataPath;
        System.arraycopy(flags, 0, all, 3, flags.length);
        nsqd = new Nsqd(OptionsResolver.resolve(all));
        nsqd.start();
    }

    private HttpResponse<String> get(String path) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + nsqd.httpAddress().getPort() + path);
        return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }

    private PrometheusText scrape() throws Exception {
        HttpResponse<String> response = get("/metrics");
        assertEquals(200, response.statusCode());
        assertEquals(Optional.of("text/plain; version=0.0.4; charset=utf-8"), response.headers().firstValue("Content-Type"));
        return PrometheusText.parse(response.body());
    }

    @Test
    void metricsReportTopicsChannelsAndTheJvmAfterPublishingAndConsuming() throws Exception {
        start("--e2e-processing-latency-percentile=0.99,1.0");
        try (WireClient consumer = WireClient.connect(nsqd.tcpAddress());
             WireClient publisher = WireClient.connect(nsqd.tcpAddress())) {
            consumer.subscribe("orders", "billing");
            publisher.pub("orders", "one").expectResponse("OK");
            publisher.pub("orders", "two").expectResponse("OK");
            publisher.pub("orders", "three!").expectResponse("OK");
            consumer.send("RDY 3");
            String first = consumer.readMessage().id();
            consumer.send("FIN " + first);
            String second = consumer.readMessage().id();
            consumer.send("REQ " + second + " 60000");
            consumer.readMessage();
            await().until(() -> nsqd.broker().findTopic("orders").orElseThrow().findChannel("billing").orElseThrow()
                    .deferredCount() == 1);

            PrometheusText metrics = scrape();
            assertEquals("gauge", metrics.type("nsq_topic_depth"));
            assertEquals("counter", metrics.type("nsq_topic_messages_total"));
            assertEquals(0, metrics.value("nsq_topic_depth", "topic", "orders"));
            assertEquals(0, metrics.value("nsq_topic_backend_depth", "topic", "orders"));
            assertEquals(3, metrics.value("nsq_topic_messages_total", "topic", "orders"));
            assertEquals(12, metrics.value("nsq_topic_message_bytes_total", "topic", "orders"));
            assertEquals(0, metrics.value("nsq_topic_paused", "topic", "orders"));
            String[] billing = {"topic", "orders", "channel", "billing"};
            assertEquals(0, metrics.value("nsq_channel_depth", billing));
            assertEquals(0, metrics.value("nsq_channel_backend_depth", billing));
            assertEquals(1, metrics.value("nsq_channel_in_flight_messages", billing));
            assertEquals(1, metrics.value("nsq_channel_deferred_messages", billing));
            assertEquals(3, metrics.value("nsq_channel_messages_total", billing));
            assertEquals(1, metrics.value("nsq_channel_requeues_total", billing));
            assertEquals(0, metrics.value("nsq_channel_timeouts_total", billing));
            assertEquals(1, metrics.value("nsq_channel_clients", billing));
            assertEquals(0, metrics.value("nsq_channel_paused", billing));
            // one FIN so far: its latency at both quantiles, in seconds
            double p99 = metrics.value("nsq_channel_e2e_processing_latency_seconds",
                    "topic", "orders", "channel", "billing", "quantile", "0.99");
            assertTrue(p99 > 0 && p99 < 30, "p99 " + p99);
            assertEquals(2, metrics.samples("nsq_topic_e2e_processing_latency_seconds").size());
            // the JVM's own, from the client's instrumentation
            assertTrue(metrics.samples("jvm_memory_used_bytes").size() > 0);
            assertTrue(metrics.samples("jvm_threads_current").size() > 0);
        }
    }

    @Test
    void withoutE2ePercentilesThereAreNoLatencySamples() throws Exception {
        start();
        nsqd.broker().topic("quiet").channel("c");
        PrometheusText metrics = scrape();
        assertEquals(0, metrics.value("nsq_channel_depth", "topic", "quiet", "channel", "c"));
        assertEquals(0, metrics.samples("nsq_channel_e2e_processing_latency_seconds").size());
        assertEquals(0, metrics.samples("nsq_topic_e2e_processing_latency_seconds").size());
    }

    @Test
    void statsJsonCountsDeliveriesFromMemoryAsGlobalAndOmitsAZeroCount() throws Exception {
        start();
        try (WireClient consumer = WireClient.connect(nsqd.tcpAddress());
             WireClient publisher = WireClient.connect(nsqd.tcpAddress())) {
            consumer.subscribe("web", "delivered");
            nsqd.broker().topic("web").channel("idle");
            publisher.pub("web", "a").expectResponse("OK");
            publisher.pub("web", "b").expectResponse("OK");
            consumer.send("RDY 2");
            consumer.readMessage();
            consumer.readMessage();
        }
        JsonNode channels = new ObjectMapper().readTree(get("/stats?format=json&topic=web").body()).at("/topics/0/channels");
        JsonNode delivered = channels.get(0);
        assertEquals("delivered", delivered.get("channel_name").asText());
        assertEquals(2, delivered.get("global_msg_count").asLong());
        // after message_count, before requeue_count, as nsqd master orders them
        String order = String.join(",", (Iterable<String>) delivered::fieldNames);
        assertTrue(order.contains("message_count,global_msg_count,requeue_count"), order);
        JsonNode idle = channels.get(1);
        assertEquals("idle", idle.get("channel_name").asText());
        assertFalse(idle.has("global_msg_count"), idle.toString());
        assertFalse(idle.has("zone_local_msg_count") || idle.has("region_local_msg_count"), idle.toString());
    }

    @Test
    void deliveriesReadBackFromDiskAreNotGlobal() throws Exception {
        start("--mem-queue-size=0");
        try (WireClient consumer = WireClient.connect(nsqd.tcpAddress());
             WireClient publisher = WireClient.connect(nsqd.tcpAddress())) {
            nsqd.broker().topic("disk").channel("c");
            publisher.pub("disk", "on disk").expectResponse("OK");
            consumer.subscribe("disk", "c");
            consumer.send("RDY 1");
            assertEquals("on disk", consumer.readMessage().text());
        }
        JsonNode channel = new ObjectMapper().readTree(get("/stats?format=json&topic=disk").body()).at("/topics/0/channels/0");
        assertEquals(1, channel.get("message_count").asLong());
        assertFalse(channel.has("global_msg_count"), channel.toString());
    }

    @Test
    void configStatsdPrefixAnswersTheExpandedPrefixAndBroadcastPortsTheBoundOnes() throws Exception {
        start("--statsd-prefix=foo.%s", "--broadcast-address=127.0.0.1");
        int port = nsqd.httpAddress().getPort();
        assertEquals("foo.127_0_0_1_" + port + ".", get("/config/statsd_prefix").body());
        assertEquals(String.valueOf(port), get("/config/broadcast_http_port").body());
        assertEquals(String.valueOf(nsqd.tcpAddress().getPort()), get("/config/broadcast_tcp_port").body());
    }

    @Test
    void anEmptyStatsdPrefixStaysEmpty() throws Exception {
        start("--statsd-prefix=");
        HttpResponse<String> prefix = get("/config/statsd_prefix");
        assertEquals(200, prefix.statusCode());
        assertEquals("", prefix.body());
    }
}
