package io.jnsq.broker.v2;

import io.jnsq.broker.queue.BlockedDirectory;
import io.jnsq.broker.wire.V2TestServer;
import io.jnsq.broker.wire.WireClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A data path that stops taking writes (full disk, read-only mount) while clients are connected. */
@Timeout(30)
class V2StorageFailureTest {

    @TempDir
    Path temp;
    private Path dataPath;
    private V2TestServer server;

    @BeforeEach
    void start() throws Exception {
        dataPath = Files.createDirectory(temp.resolve("data"));
        // every message goes to disk, so a failing disk shows at once
        server = new V2TestServer(V2TestServer.config(dataPath).queues(q -> q.memQueueSize(0)).build());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void publishFailsFatallyWhileTheDiskRefusesWritesAndConsumersAreStillServed() throws Exception {
        try (WireClient consumer = server.connect(); WireClient producer = server.connect()) {
            consumer.subscribe("steady", "c");
            consumer.send("RDY 10");
            producer.pub("steady", "before").expectResponse("OK");
            consumer.send("FIN " + consumer.readMessage().id());

            try (BlockedDirectory blocked = BlockedDirectory.block(dataPath)) {
                try (WireClient refused = server.connect()) {
                    refused.pub("fresh", "nowhere to go");
                    WireClient.Frame error = refused.readFrame();
                    assertEquals(WireClient.Frame.ERROR, error.type());
                    assertTrue(error.text().startsWith("E_PUB_FAILED PUB failed "), error.text());
                    refused.expectEof();
                }
                assertFalse(server.broker().health().ok());
                assertTrue(server.broker().health().status().startsWith("NOK - "), server.broker().health().status());

                // a queue whose file is already open keeps working, and its consumer keeps receiving
                producer.pub("steady", "during").expectResponse("OK");
                assertEquals("during", consumer.readMessage().text());
            }

            try (WireClient recovered = server.connect()) {
                recovered.pub("fresh", "disk is back").expectResponse("OK");
            }
            assertTrue(server.broker().health().ok());
            assertEquals("OK", server.broker().health().status());
            assertTrue(Files.readString(dataPath.resolve("nsqd.dat")).contains("\"name\":\"fresh\""),
                    "the topic made while the disk refused writes is on record once it is back");
        }
    }
}
