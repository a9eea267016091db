package io.jnsq.server.https;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jnsq.broker.Broker;
import io.jnsq.broker.BrokerListener;
import io.jnsq.broker.config.BrokerConfig;
import io.jnsq.broker.config.TlsRequired;
import io.jnsq.protocol.testing.TestPki;
import io.jnsq.protocol.tls.ClientAuthPolicy;
import io.jnsq.protocol.tls.TlsSettings;
import io.jnsq.server.http.HttpPipeline;
import io.jnsq.server.http.HttpServer;
import io.jnsq.server.http.HttpServerConfig;
import io.jnsq.server.http.api.ListeningPorts;
import io.jnsq.server.http.api.NodeOptions;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.pkitesting.X509Bundle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The HTTPS listener: the same API behind TLS, client-certificate policies, and the plain listener's 403. */
@Timeout(60)
class HttpsServerTest {

    @TempDir
    Path directory;
    private Broker broker;
    private HttpServer http;
    private HttpsServer https;

    @AfterEach
    void stop() {
        if (https != null) {
            https.close();
        }
        if (http != null) {
            http.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    /** A broker with both listeners, the way the launcher wires them: one pipeline, two servers. */
    private void start(TestPki pki, ClientAuthPolicy policy, String minVersion, TlsRequired tlsRequired)
            throws Exception {
        broker = new Broker(BrokerConfig.builder().queues(q -> q.dataPath(directory)).messages(m -> m.nodeId(1))
                .clients(c -> c.tlsRequired(tlsRequired)).build(),
                BrokerListener.NONE);
        ListeningPorts ports = new ListeningPorts() {
            @Override
            public int tcp() {
                return -1;
            }

            @Override
            public int http() {
                return http.boundAddress().getPort();
            }

            @Override
            public int https() {
                return https.boundAddress().getPort();
            }
        };
        HttpPipeline pipeline = new HttpPipeline(broker, ports, NodeOptions.fixed("127.0.0.1"));
        InetSocketAddress loopback = new InetSocketAddress("127.0.0.1", 0);
        http = new HttpServer(new HttpServerConfig(loopback, false), pipeline);
        http.start();
        TlsSettings tls = pki.settings(policy, minVersion);
        https = new HttpsServer(new HttpsServerConfig(loopback, false, tls.newServerContext()), pipeline);
        https.start();
    }

    @Test
    void pingAndStatsOverTls() throws Exception {
        TestPki pki = new TestPki(directory);
        start(pki, ClientAuthPolicy.NONE, "tls1.0", TlsRequired.NOT_REQUIRED);
        HttpResponse<String> ping = httpsGet(pki.clientContext(null), null, "/ping");
        assertEquals(200, ping.statusCode());
        assertEquals("OK", ping.body());

        assertEquals("OK", httpsPost(pki.clientContext(null), "/pub?topic=secure", "m").body());
        JsonNode stats = new ObjectMapper().readTree(httpsGet(pki.clientContext(null), null, "/stats?format=json").body());
        assertEquals("secure", stats.at("/topics/0/topic_name").asText());
        // /info over HTTPS reports the plain HTTP port, as nsqd does
        JsonNode info = new ObjectMapper().readTree(httpsGet(pki.clientContext(null), null, "/info").body());
        assertEquals(http.boundAddress().getPort(), info.get("http_port").asInt());
    }

    @Test
    void plainListenerSendsClientsToHttpsWhenTlsIsRequired() throws Exception {
        TestPki pki = new TestPki(directory);
        start(pki, ClientAuthPolicy.NONE, "tls1.2", TlsRequired.REQUIRED);
        HttpResponse<String> plain = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(request("http", http.boundAddress(), "/ping").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(403, plain.statusCode());
        assertEquals("{\"message\": \"TLS_REQUIRED\", \"https_port\": " + https.boundAddress().getPort() + "}", plain.body());
        assertEquals(Optional.of("nsq; version=1.0"), plain.headers().firstValue("X-Nsq-Content-Type"));
        assertEquals("OK", httpsGet(pki.clientContext(null), null, "/ping").body());
    }

    @Test
    void requireVerifyAcceptsOnlyCertificatesFromTheRootCa() throws Exception {
        TestPki pki = new TestPki(directory);
        start(pki, ClientAuthPolicy.REQUIRE_VERIFY, "tls1.2", TlsRequired.REQUIRED);
        assertEquals("OK", httpsGet(pki.clientContext(pki.clientIssuedByCa()), null, "/ping").body());
        assertThrows(IOException.class, () -> httpsGet(pki.clientContext(null), null, "/ping"));
        assertThrows(IOException.class, () -> httpsGet(pki.clientContext(TestPki.strangerClient()), null, "/ping"));
    }

    @Test
    void requireAcceptsAnyCertificateButNotNone() throws Exception {
        TestPki pki = new TestPki(directory);
        start(pki, ClientAuthPolicy.REQUIRE, "tls1.2", TlsRequired.REQUIRED);
        X509Bundle stranger = TestPki.strangerClient();
        assertEquals("OK", httpsGet(pki.clientContext(stranger), null, "/ping").body());
        assertThrows(IOException.class, () -> httpsGet(pki.clientContext(null), null, "/ping"));
    }

    @Test
    void minimumVersionRefusesOlderClients() throws Exception {
        TestPki pki = new TestPki(directory);
        start(pki, ClientAuthPolicy.NONE, "tls1.3", TlsRequired.NOT_REQUIRED);
        assertThrows(IOException.class, () -> httpsGet(pki.clientContext(null), "TLSv1.2", "/ping"));
        assertEquals("OK", httpsGet(pki.clientContext(null), "TLSv1.3", "/ping").body());
    }

    @Test
    void anUnusableKeyMakesNoContext() throws Exception {
        TestPki pki = new TestPki(directory);
        Path garbage = Files.writeString(directory.resolve("garbage.pem"), "not a key");
        TlsSettings unusable = TlsSettings.builder().certFile(pki.certFile).keyFile(garbage).build();
        // the launcher builds the context before it binds anything, and refuses to start when it cannot
        Exception failure = assertThrows(Exception.class, unusable::newServerContext);
        assertTrue(failure instanceof SSLException || failure instanceof IllegalArgumentException, failure.toString());
    }

    @Test
    void aClientContextIsNoHttpsContext() throws Exception {
        SslContext client = SslContextBuilder.forClient().build();
        assertThrows(IllegalArgumentException.class,
                () -> new HttpsServerConfig(new InetSocketAddress("127.0.0.1", 0), false, client));
    }

    @Test
    void settingsRefuseUnknownPoliciesAndVersions() {
        assertThrows(IllegalArgumentException.class, () -> ClientAuthPolicy.parse("optional"));
        assertEquals(ClientAuthPolicy.REQUIRE_VERIFY, ClientAuthPolicy.parse("require-verify"));
        assertEquals(ClientAuthPolicy.NONE, ClientAuthPolicy.parse(""));
        assertThrows(IllegalArgumentException.class,
                () -> TlsSettings.builder().certFile(Path.of("c")).keyFile(Path.of("k")).minVersion("ssl3.0").build());
    }

    private HttpResponse<String> httpsGet(SSLContext context, String onlyProtocol, String path) throws Exception {
        return client(context, onlyProtocol).send(request("https", https.boundAddress(), path).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> httpsPost(SSLContext context, String path, String body) throws Exception {
        return client(context, null).send(request("https", https.boundAddress(), path)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpClient client(SSLContext context, String onlyProtocol) {
        HttpClient.Builder builder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(context)
                .connectTimeout(Duration.ofSeconds(5));
        if (onlyProtocol != null) {
            SSLParameters parameters = context.getDefaultSSLParameters();
            parameters.setProtocols(new String[]{onlyProtocol});
            builder.sslParameters(parameters);
        }
        return builder.build();
    }

    private static HttpRequest.Builder request(String scheme, InetSocketAddress address, String path) {
        return HttpRequest.newBuilder(URI.create(scheme + "://127.0.0.1:" + address.getPort() + path))
                .timeout(Duration.ofSeconds(20));
    }
}
