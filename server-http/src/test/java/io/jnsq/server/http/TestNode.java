package io.jnsq.server.http;

import io.jnsq.broker.Broker;
import io.jnsq.broker.config.BrokerConfig;
import io.jnsq.broker.wire.V2TestServer;
import io.jnsq.server.http.api.ListeningPorts;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/**
 * A broker served over HTTP and V2 on loopback ports chosen by the system: what a test talks to. V2 is
 * broker-core's test server, the real TCP server in front of the broker; HTTP is this module's.
 */
final class TestNode implements AutoCloseable {

    final Broker broker;
    final HttpServer http;
    final HttpPipeline pipeline;
    final TestNodeOptions options = new TestNodeOptions();
    private final V2TestServer v2;

    private TestNode(BrokerConfig config) throws InterruptedException {
        this.v2 = new V2TestServer(config);
        this.broker = v2.broker();
        ListeningPorts ports = new ListeningPorts() {
            @Override
            public int tcp() {
                return v2.address().getPort();
            }

            @Override
            public int http() {
                return http.boundAddress().getPort();
            }

            @Override
            public int https() {
                return 5152; // reported only, never bound
            }
        };
        this.pipeline = new HttpPipeline(broker, ports, options);
        this.http = new HttpServer(new HttpServerConfig(new InetSocketAddress("127.0.0.1", 0), false), pipeline);
        try {
            http.start();
        } catch (InterruptedException | RuntimeException e) {
            v2.close();
            throw e;
        }
    }

    static TestNode start(Path dataPath) throws InterruptedException {
        return start(dataPath, UnaryOperator.identity());
    }

    static TestNode start(Path dataPath, UnaryOperator<BrokerConfig.Builder> customize) throws InterruptedException {
        return new TestNode(customize.apply(V2TestServer.config(dataPath)).build());
    }

    InetSocketAddress httpAddress() {
        return http.boundAddress();
    }

    InetSocketAddress tcpAddress() {
        return v2.address();
    }

    HttpTestClient client() {
        return new HttpTestClient(httpAddress());
    }

    @Override
    public void close() {
        http.close();
        v2.close();
    }
}
