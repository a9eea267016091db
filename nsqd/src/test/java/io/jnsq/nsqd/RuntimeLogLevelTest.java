package io.jnsq.nsqd;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code PUT /config/log_level} changes what the running nsqd logs, as in nsqd; {@code GET} answers 1–5. */
@Timeout(60)
class RuntimeLogLevelTest {

    @TempDir
    Path dataPath;

    private final HttpClient http = HttpClient.newHttpClient();
    private NsqdProcess nsqd;
    private InetSocketAddress httpAddress;

    @AfterEach
    void stop() throws InterruptedException {
        if (nsqd != null) {
            nsqd.kill();
        }
    }

    @Test
    void debugLinesAppearAfterPuttingDebugAndGoAfterPuttingInfoBack() throws Exception {
        nsqd = NsqdProcess.start("--tcp-address=127.0.0.1:0", "--http-address=127.0.0.1:0", "--data-path=" + dataPath);
        InetSocketAddress tcp = nsqd.awaitTcpAddress();
        httpAddress = nsqd.awaitHttpAddress();
        assertEquals("2", send("GET", ""));

        assertEquals("1", send("PUT", "debug"));
        assertEquals("1", send("GET", ""));
        try (Socket client = NsqdTest.connect(tcp)) {
            // the address as nsqd prints it: no leading slash
            String debugLine = " DEBUG: TCP: new client(127.0.0.1:" + client.getLocalPort() + ")";
            await().atMost(Duration.ofSeconds(10)).until(() -> nsqd.output().stream().anyMatch(line -> line.endsWith(debugLine)));
        }

        assertEquals("2", send("PUT", "INFO"));
        try (Socket client = NsqdTest.connect(tcp)) {
            client.getOutputStream().write("  V2".getBytes(StandardCharsets.US_ASCII));
            // logged at INFO once V2 has the connection, after where the DEBUG lines would have been
            String port = ":" + client.getLocalPort() + ")";
            String infoLine = " INFO: 127.0.0.1:" + client.getLocalPort() + ": new client(V2)";
            await().atMost(Duration.ofSeconds(10)).until(() -> nsqd.output().stream().anyMatch(line -> line.endsWith(infoLine)));
            assertFalse(nsqd.output().stream().anyMatch(line -> line.contains(" DEBUG: ") && line.contains(port)),
                    () -> String.join("\n", nsqd.output()));
        }
        assertTrue(nsqd.output().stream().noneMatch(line -> line.contains("(/127.0.0.1")), () -> String.join("\n", nsqd.output()));
    }

    private String send(String method, String body) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + httpAddress.getPort() + "/config/log_level");
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri)
                .method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return response.body();
    }
}
