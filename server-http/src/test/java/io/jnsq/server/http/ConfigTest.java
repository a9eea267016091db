package io.jnsq.server.http;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static io.jnsq.server.http.PubTest.assertAnswer;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code /config/:opt} over the node's options: how each kind of value is shown, what PUT takes. */
@Timeout(30)
class ConfigTest {

    private static final int MAX_MSG_SIZE = 64;

    @TempDir
    Path dataPath;
    private TestNode node;
    private HttpTestClient http;

    @BeforeEach
    void start() throws InterruptedException {
        node = TestNode.start(dataPath, config -> config.messages(m -> m.maxMsgSize(MAX_MSG_SIZE)));
        node.options.set("id", 1).set("max_msg_size", (long) MAX_MSG_SIZE).set("msg_timeout", Duration.ofSeconds(60))
                .set("tls_min_version", 769).set("snappy", true).set("e2e_processing_latency_percentiles", List.of(1.0, 0.99))
                .set("log_format", "text").set("statsd_prefix", "nsq.vm_14151.").set("statsd_address", "");
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
    void aNameThatIsNoOptionIsInvalid() throws Exception {
        assertAnswer(400, "{\"message\":\"INVALID_OPTION\"}", http.get("/config/nope"));
    }

    @Test
    void putLookupdAddressesChangesTheOptionAndEchoesTheValue() throws Exception {
        assertJson("[\"127.0.0.1:5160\",\"h:5160\"]", http.put("/config/nsqlookupd_tcp_addresses", "[\"127.0.0.1:5160\", \"h:5160\"]"));
        assertAnswer(400, "{\"message\":\"INVALID_VALUE\"}", http.put("/config/nsqlookupd_tcp_addresses", "not json"));
        assertAnswer(400, "{\"message\":\"INVALID_VALUE\"}", http.put("/config/nsqlookupd_tcp_addresses", "[1]"));
        assertAnswer(400, "{\"message\":\"INVALID_VALUE\"}", http.put("/config/nsqlookupd_tcp_addresses", "{}"));
        assertJson("[]", http.put("/config/nsqlookupd_tcp_addresses", "null"));
        assertEquals(List.of("nsqlookupd_tcp_addresses=[127.0.0.1:5160, h:5160]", "nsqlookupd_tcp_addresses=[]"),
                node.options.changes);
    }

    @Test
    void putLogLevelPassesTheNameOnAndARefusalIsInvalidValue() throws Exception {
        assertJson("5", http.put("/config/log_level", "fatal"));
        assertJson("3", http.put("/config/log_level", "WARN"));
        assertAnswer(400, "{\"message\":\"INVALID_VALUE\"}", http.put("/config/log_level", "bad"));
        assertJson("3", http.get("/config/log_level"));
        assertEquals(List.of("log_level=5", "log_level=3"), node.options.changes);
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
