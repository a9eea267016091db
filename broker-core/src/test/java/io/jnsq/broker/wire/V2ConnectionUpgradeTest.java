package io.jnsq.broker.wire;

import io.jnsq.testclient.FrameReader;
import io.jnsq.testclient.V2Commands;
import io.jnsq.testclient.V2Connection;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * test-client's negotiation against the real server, which writes the IDENTIFY answer and the first
 * compressed {@code OK} back to back: the client's read-ahead must pass what it holds to the decompressor.
 */
@Timeout(30)
class V2ConnectionUpgradeTest {

    @TempDir
    Path directory;

    @ParameterizedTest
    @ValueSource(strings = {"snappy", "deflate"})
    void negotiatesCompressionAndExchangesThroughIt(String compression) throws Exception {
        try (V2TestServer server = new V2TestServer(V2TestServer.config(directory).build());
             V2Connection publisher = V2Connection.connect(server.address(), V2Connection.Options.standard(10_000));
             V2Connection consumer = V2Connection.connect(server.address(), V2Connection.Options.standard(10_000))) {
            String json = "{\"feature_negotiation\":true,\"" + compression + "\":true,\"deflate_level\":1}";
            for (V2Connection connection : new V2Connection[]{publisher, consumer}) {
                String answer = connection.negotiate(json, null);
                assertTrue(V2Connection.agreed(answer, compression), answer);
            }
            consumer.out().write(V2Commands.sub("t", "ch"));
            consumer.expectOk("SUB");
            consumer.out().write(V2Commands.rdy(1));
            publisher.out().write(V2Commands.withBody("PUB t", "compressed both ways".getBytes(StandardCharsets.UTF_8)));
            publisher.expectOk("PUB");
            FrameReader frames = consumer.frames();
            assertTrue(frames.next());
            assertTrue(frames.isMessage());
            assertEquals("compressed both ways", new String(frames.bytes(), frames.bodyOffset(), frames.bodyLength(),
                    StandardCharsets.UTF_8));
        }
    }
}
