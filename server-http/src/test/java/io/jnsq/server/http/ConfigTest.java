package io.jnsq.server.http;

import io.jnsq.broker.Options;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static io.jnsq.server.http.PubTest.assertAnswer;
import static org.junit.jupiter.api.Assertions.assertEquals;

@Timeout(30)
class ConfigTest {

    private static final int MAX_MSG_SIZE = 64;

    @TempDir
    Path dataPath;
    private TestNode node;
    private HttpTestClient http;

    @BeforeEach
    void start() throws InterruptedException {
        node = TestNode.start(dataPath, options -> options.maxMsgSize(MAX_MSG_SIZE).statsdPrefix("nsq.vm_14151.")
                .e2eProcessingLatencyPercentiles(List.of(1.0, 0.99)));
        http = node.client();
    }

    @AfterEach
    void stop() {
        node.close();
    }

    @Test
    void getRendersEachKindOfOptionAsNsqdDoes() throws Exception {
        assertJson("[]", http.get("/config/nsqlookupd_tcp_addresses"));
        assertJson("1", http.get("/config/id"));
        assertJson(String.valueOf(MAX_MSG_SIZE), http.get("/config/max_msg_size"));
        assertJson("60000000000", http.get("/config/msg_timeout"));
        assertJson("2", http.get("/config/log_level"));
        assertJson("0", http.get("/config/tls_required"));
        assertJson("769", http.get("/config/tls_min_version"));
        assertJson("true", http.get("/config/snappy"));
        assertJson("[1,0.99]", http.get("/config/e2e_processing_latency_percentiles"));
        assertAnswer(200, "text", http.get("/config/log_format"));
        HttpResponse<String> prefix = http.get("/config/statsd_prefix");
        assertAnswer(200, "nsq.vm_14151.", prefix);
        assertEquals(Optional.of("text/plain; charset=utf-8"), prefix.headers().firstValue("Content-Type"));
        HttpResponse<String> empty = http.get("/config/statsd_address");
        assertAnswer(200, "", empty);
        assertEquals(Optional.empty(), empty.headers().firstValue("Content-Type"));
    }

    @Test
    void optionsWithoutAFlagAreInvalid() throws Exception {
        assertAnswer(400, "{\"message\":\"INVALID_OPTION\"}", http.get("/config/node_id"));
        assertAnswer(400, "{\"message\":\"INVALID_OPTION\"}", http.get("/config/client_timeout"));
        assertAnswer(400, "{\"message\":\"INVALID_OPTION\"}", http.get("/config/nope"));
    }

    @Test
    void putLookupdAddressesSwapsTheOptionsAndEchoesTheValue() throws Exception {
        assertJson("[\"127.0.0.1:4160\",\"h:5160\"]", http.put("/config/nsqlookupd_tcp_addresses", "[\"127.0.0.1:4160\", \"h:5160\"]"));
        assertEquals(List.of("127.0.0.1:4160", "h:5160"), node.broker.options().nsqlookupdTcpAddresses());
        assertAnswer(400, "{\"message\":\"INVALID_VALUE\"}", http.put("/config/nsqlookupd_tcp_addresses", "not json"));
        assertAnswer(400, "{\"message\":\"INVALID_VALUE\"}", http.put("/config/nsqlookupd_tcp_addresses", "[1]"));
        assertAnswer(400, "{\"message\":\"INVALID_VALUE\"}", http.put("/config/nsqlookupd_tcp_addresses", "{}"));
        assertEquals(List.of("127.0.0.1:4160", "h:5160"), node.broker.options().nsqlookupdTcpAddresses());
    }

    @Test
    void putLogLevelTakesNsqdsNamesInAnyCase() throws Exception {
        assertJson("5", http.put("/config/log_level", "fatal"));
        assertEquals(Options.LogLevel.FATAL, node.broker.options().logLevel());
        assertJson("3", http.put("/config/log_level", "WARN"));
        assertAnswer(400, "{\"message\":\"INVALID_VALUE\"}", http.put("/config/log_level", "bad"));
        assertEquals(Options.LogLevel.WARN, node.broker.options().logLevel());
    }

    /** What acts on an option at runtime (the launcher's logging) hears of each change, in order; refusals change nothing. */
    @Test
    void eachChangeIsToldToTheOptionsListener() throws Exception {
        http.put("/config/log_level", "debug");
        http.put("/config/log_level", "bad");
        http.put("/config/nsqlookupd_tcp_addresses", "[\"h:5160\"]");
        assertEquals(2, node.optionsChanges.size());
        assertEquals(Options.LogLevel.INFO, node.optionsChanges.get(0).get(0).logLevel());
        assertEquals(Options.LogLevel.DEBUG, node.optionsChanges.get(0).get(1).logLevel());
        assertEquals(List.of("h:5160"), node.optionsChanges.get(1).get(1).nsqlookupdTcpAddresses());
        assertEquals(node.broker.options(), node.optionsChanges.get(1).get(1));
    }

    @Test
    void putReadsTheBodyBeforeLookingAtTheOption() throws Exception {
        assertAnswer(413, "{\"message\":\"INVALID_VALUE\"}", http.put("/config/nope", ""));
        assertAnswer(413, "{\"message\":\"INVALID_VALUE\"}", http.put("/config/log_level", "x".repeat(MAX_MSG_SIZE + 1)));
        assertAnswer(400, "{\"message\":\"INVALID_OPTION\"}", http.put("/config/max_msg_size", "5"));
    }

    private static void assertJson(String body, HttpResponse<String> response) {
        assertAnswer(200, body, response);
        assertEquals(Optional.of("application/json; charset=utf-8"), response.headers().firstValue("Content-Type"));
    }
}
