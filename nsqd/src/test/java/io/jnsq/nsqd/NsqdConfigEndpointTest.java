package io.jnsq.nsqd;

import io.jnsq.nsqd.logging.LogLevel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code /config/:opt} over the launcher's table: nsqd's names and renderings, runtime changes swapped whole. */
@Timeout(30)
class NsqdConfigEndpointTest {

    @TempDir
    Path dataPath;
    private Nsqd nsqd;
    private final List<List<NsqdConfig>> changes = new CopyOnWriteArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        nsqd = new Nsqd(OptionsResolver.resolve("--tcp-address=127.0.0.1:0", "--http-address=127.0.0.1:0",
                "--data-path=" + dataPath, "--node-id=1", "--max-msg-size=64", "--statsd-prefix=nsq.vm_14151.",
                "--e2e-processing-latency-percentile=1.0,0.99", "--dead-letter-topic=dlq"), (previous, current) -> changes.add(List.of(previous, current)));
        nsqd.start();
        changes.clear(); // the bound ports resolved at start are a change too
    }

    @AfterEach
    void stop() {
        nsqd.close();
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + nsqd.httpAddress().getPort() + path);
        return http.send(HttpRequest.newBuilder(uri).method(method, HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private void assertAnswer(int status, String body, HttpResponse<String> response) {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals(body, response.body());
    }

    @Test
    void getRendersEachKindOfOptionAsNsqdDoes() throws Exception {
        assertAnswer(200, "[]", send("GET", "/config/nsqlookupd_tcp_addresses", ""));
        assertAnswer(200, "1", send("GET", "/config/id", ""));
        assertAnswer(200, "64", send("GET", "/config/max_msg_size", ""));
        assertAnswer(200, "60000000000", send("GET", "/config/msg_timeout", ""));
        assertAnswer(200, "2", send("GET", "/config/log_level", ""));
        assertAnswer(200, "0", send("GET", "/config/tls_required", ""));
        assertAnswer(200, "769", send("GET", "/config/tls_min_version", ""));
        assertAnswer(200, "true", send("GET", "/config/snappy", ""));
        assertAnswer(200, "[1,0.99]", send("GET", "/config/e2e_processing_latency_percentiles", ""));
        assertAnswer(200, "text", send("GET", "/config/log_format", ""));
        assertAnswer(200, "nsq.vm_14151.", send("GET", "/config/statsd_prefix", ""));
        assertAnswer(200, "", send("GET", "/config/statsd_address", ""));
        assertAnswer(200, dataPath.toString(), send("GET", "/config/data_path", ""));
        assertAnswer(200, "4", send("GET", "/config/queue_scan_worker_pool_max", ""));
        assertAnswer(200, "[]", send("GET", "/config/enable_experiment", ""));
        assertAnswer(200, "false", send("GET", "/config/durable_deferral", ""));
        assertAnswer(200, "0", send("GET", "/config/dead_letter_max_attempts", ""));
        assertAnswer(200, "dlq", send("GET", "/config/dead_letter_topic", ""));
    }

    @Test
    void namesThatAreNoConfigKeyAreInvalid() throws Exception {
        for (String name : new String[]{"node_id", "client_timeout", "verbose", "config", "nope"}) {
            assertAnswer(400, "{\"message\":\"INVALID_OPTION\"}", send("GET", "/config/" + name, ""));
        }
    }

    @Test
    void putSwapsTheWholeConfigurationAndTellsTheListener() throws Exception {
        NsqdConfig before = nsqd.config();
        assertAnswer(200, "[\"127.0.0.1:5160\"]", send("PUT", "/config/nsqlookupd_tcp_addresses", "[\"127.0.0.1:5160\"]"));
        assertAnswer(200, "5", send("PUT", "/config/log_level", "FATAL"));
        assertAnswer(400, "{\"message\":\"INVALID_VALUE\"}", send("PUT", "/config/log_level", "loud"));

        assertEquals(2, changes.size());
        assertEquals(before, changes.get(0).get(0));
        assertEquals(List.of("127.0.0.1:5160"), changes.get(0).get(1).cluster().lookupdTcpAddresses());
        assertEquals(LogLevel.INFO, changes.get(0).get(1).logging().level());
        assertEquals(LogLevel.FATAL, changes.get(1).get(1).logging().level());
        assertEquals(nsqd.config(), changes.get(1).get(1));
        NsqdConfig.Builder expected = before.toBuilder();
        expected.cluster().lookupdTcpAddresses(List.of("127.0.0.1:5160"));
        expected.logging().level(LogLevel.FATAL);
        assertEquals(expected.build(), nsqd.config(), "nothing else changed");
    }
}
