package io.jnsq.broker.v2;

import io.jnsq.broker.wire.V2TestServer;
import io.jnsq.broker.wire.WireClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every V2 command's answer on the wire, success and refusal, as nsqd gives it. */
@Timeout(20)
class V2CommandsTest {

    @TempDir
    Path dataPath;
    private V2TestServer server;

    @BeforeEach
    void start() throws Exception {
        server = new V2TestServer(V2TestServer.config(dataPath).messages(m -> m.maxMsgSize(100).maxBodySize(1000)).build());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private WireClient client() throws Exception {
        return server.connect();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    // ---- unknown, empty and malformed lines ----------------------------------------------------

    @Test
    void unknownCommandIsFatal() throws Exception {
        try (WireClient client = client()) {
            client.send("ASDF").expectFatal("E_INVALID invalid command ASDF");
        }
    }

    @Test
    void commandsAreCaseSensitive() throws Exception {
        try (WireClient client = client()) {
            client.send("pub t").expectFatal("E_INVALID invalid command pub");
        }
    }

    @Test
    void emptyLineIsAnInvalidCommandWithTrailingSpace() throws Exception {
        try (WireClient client = client()) {
            client.send("").expectFatal("E_INVALID invalid command ");
        }
    }

    @Test
    void crlfLineEndingsAreAccepted() throws Exception {
        try (WireClient client = client()) {
            client.write(WireClient.commandWithBody("PUB crlf\r", bytes("m"))).expectResponse("OK");
        }
    }

    @Test
    void extraParametersAreIgnored() throws Exception {
        try (WireClient client = client()) {
            client.sendWithBody("PUB extra more params", bytes("m")).expectResponse("OK");
        }
    }

    @Test
    void lineLongerThanSixteenKibibytesClosesWithoutAnError() throws Exception {
        try (WireClient client = client()) {
            client.write(bytes("NOP " + "x".repeat(17 * 1024)));
            client.expectEof();
        }
    }

    @Test
    void nopHasNoReply() throws Exception {
        try (WireClient client = client()) {
            client.send("NOP").send("NOP with params");
            client.expectSilence(200);
            client.pub("after_nop", "m").expectResponse("OK");
        }
    }

    // ---- IDENTIFY ------------------------------------------------------------------------------

    @Test
    void identifyWithoutFeatureNegotiationAnswersOk() throws Exception {
        try (WireClient client = client()) {
            client.identify("{\"client_id\":\"c\"}").expectResponse("OK");
        }
    }

    @Test
    void identifyWithFeatureNegotiationAnswersNsqdsJson() throws Exception {
        try (WireClient client = client()) {
            client.identify("{\"feature_negotiation\":true,\"client_id\":\"sample\",\"user_agent\":\"sample/1.0\"}")
                    .expectResponse("{\"max_rdy_count\":2500,\"version\":\"1.3.0\",\"max_msg_timeout\":900000,"
                            + "\"msg_timeout\":60000,\"tls_v1\":false,\"deflate\":false,\"deflate_level\":6,"
                            + "\"max_deflate_level\":6,\"snappy\":false,\"sample_rate\":0,\"auth_required\":false,"
                            + "\"output_buffer_size\":16384,\"output_buffer_timeout\":250,"
                            + "\"topology_region\":\"\",\"topology_zone\":\"\"}");
        }
    }

    @Test
    void identifyReportsNegotiatedValuesAndIgnoresUnknownFieldsAndKeyCase() throws Exception {
        try (WireClient client = client()) {
            client.identify("{\"Feature_Negotiation\":true,\"MSG_TIMEOUT\":5000,\"output_buffer_size\":-1,"
                            + "\"sample_rate\":42,\"short_id\":\"old\",\"long_id\":\"older\",\"heartbeat_interval\":null}")
                    .expectResponse("{\"max_rdy_count\":2500,\"version\":\"1.3.0\",\"max_msg_timeout\":900000,"
                            + "\"msg_timeout\":5000,\"tls_v1\":false,\"deflate\":false,\"deflate_level\":6,"
                            + "\"max_deflate_level\":6,\"snappy\":false,\"sample_rate\":42,\"auth_required\":false,"
                            + "\"output_buffer_size\":1,\"output_buffer_timeout\":0,"
                            + "\"topology_region\":\"\",\"topology_zone\":\"\"}");
        }
    }

    @Test
    void identifyMayRepeatBeforeSub() throws Exception {
        try (WireClient client = client()) {
            for (int i = 0; i < 4; i++) {
                client.identify("{\"output_buffer_size\":" + (i == 0 ? -1 : 0) + ",\"output_buffer_timeout\":"
                        + (i == 0 ? -1 : 0) + "}").expectResponse("OK");
            }
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"heartbeat_interval\":999}|E_BAD_BODY IDENTIFY heartbeat interval (999) is invalid",
            "{\"heartbeat_interval\":60001}|E_BAD_BODY IDENTIFY heartbeat interval (60001) is invalid",
            "{\"output_buffer_timeout\":24}|E_BAD_BODY IDENTIFY output buffer timeout (24) is invalid",
            "{\"output_buffer_timeout\":30001}|E_BAD_BODY IDENTIFY output buffer timeout (30001) is invalid",
            "{\"output_buffer_size\":63}|E_BAD_BODY IDENTIFY output buffer size (63) is invalid",
            "{\"output_buffer_size\":65537}|E_BAD_BODY IDENTIFY output buffer size (65537) is invalid",
            "{\"sample_rate\":100}|E_BAD_BODY IDENTIFY sample rate (100) is invalid",
            "{\"sample_rate\":-1}|E_BAD_BODY IDENTIFY sample rate (-1) is invalid",
            "{\"msg_timeout\":999}|E_BAD_BODY IDENTIFY msg timeout (999) is invalid",
            "{\"msg_timeout\":-1}|E_BAD_BODY IDENTIFY msg timeout (-1) is invalid",
            "{\"heartbeat_interval\":999,\"msg_timeout\":1}|E_BAD_BODY IDENTIFY heartbeat interval (999) is invalid",
            "not json|E_BAD_BODY IDENTIFY failed to decode JSON body",
            "{\"heartbeat_interval\":\"1000\"}|E_BAD_BODY IDENTIFY failed to decode JSON body",
            "{\"msg_timeout\":1500.5}|E_BAD_BODY IDENTIFY failed to decode JSON body",
            "{\"feature_negotiation\":1}|E_BAD_BODY IDENTIFY failed to decode JSON body",
            "[]|E_BAD_BODY IDENTIFY failed to decode JSON body",
            "{} {}|E_BAD_BODY IDENTIFY failed to decode JSON body",
    })
    void identifyRefusals(String json, String error) throws Exception {
        try (WireClient client = client()) {
            client.identify(json).expectFatal(error);
        }
    }

    @Test
    void identifyMaximumsAreInclusive() throws Exception {
        try (WireClient client = client()) {
            client.identify("{\"heartbeat_interval\":60000,\"output_buffer_size\":65536,"
                    + "\"output_buffer_timeout\":30000,\"msg_timeout\":900000,\"sample_rate\":99}").expectResponse("OK");
        }
    }

    @Test
    void identifyBodySizeLimits() throws Exception {
        try (WireClient client = client()) {
            client.sendWithBody("IDENTIFY", new byte[1001]).expectFatal("E_BAD_BODY IDENTIFY body too big 1001 > 1000");
        }
        try (WireClient client = client()) {
            client.sendWithBody("IDENTIFY", new byte[0]).expectFatal("E_BAD_BODY IDENTIFY invalid body size 0");
        }
    }

    @Test
    void identifyAfterSubIsRefused() throws Exception {
        try (WireClient client = client()) {
            client.subscribe("t", "c");
            client.identify("{}").expectFatal("E_INVALID cannot IDENTIFY in current state");
        }
    }

    // ---- AUTH ----------------------------------------------------------------------------------

    @Test
    void authIsDisabledWithoutAnAuthServer() throws Exception {
        try (WireClient client = client()) {
            client.sendWithBody("AUTH", bytes("secret")).expectFatal("E_AUTH_DISABLED AUTH disabled");
        }
        try (WireClient client = client()) {
            client.sendWithBody("AUTH extra", bytes("secret")).expectFatal("E_INVALID AUTH invalid number of parameters");
        }
    }

    // ---- SUB -----------------------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "SUB t|E_INVALID SUB insufficient number of parameters",
            "SUB bad$ c|E_BAD_TOPIC SUB topic name \"bad$\" is not valid",
            "SUB t bad\"c|E_BAD_CHANNEL SUB channel name \"bad\\\"c\" is not valid",
            "SUB  t c|E_BAD_TOPIC SUB topic name \"\" is not valid",
            "SUB t:ephemeral c|E_BAD_TOPIC SUB topic name \"t:ephemeral\" is not valid",
            "SUB " + "a65charactertopicname_a65charactertopicname_a65charactertopicname c"
                    + "|E_BAD_TOPIC SUB topic name \"a65charactertopicname_a65charactertopicname_a65charactertopicname\" is not valid",
    })
    void subRefusals(String line, String error) throws Exception {
        try (WireClient client = client()) {
            client.send(line).expectFatal(error);
        }
    }

    @Test
    void subTwiceIsRefused() throws Exception {
        try (WireClient client = client()) {
            client.subscribe("t", "c");
            client.send("SUB t c").expectFatal("E_INVALID cannot SUB in current state");
        }
    }

    @Test
    void subWithHeartbeatsDisabledIsRefused() throws Exception {
        try (WireClient client = client()) {
            client.identify("{\"heartbeat_interval\":-1}").expectResponse("OK");
            client.send("SUB t c").expectFatal("E_INVALID cannot SUB with heartbeats disabled");
        }
    }

    @Test
    void subBeyondMaxChannelConsumersFails() throws Exception {
        server.close();
        server = new V2TestServer(V2TestServer.config(dataPath).clients(c -> c.maxChannelConsumers(1)).build());
        try (WireClient first = client(); WireClient second = client()) {
            first.subscribe("limited", "c");
            second.send("SUB limited c").expectFatal("E_SUB_FAILED SUB failed consumers for limited:c exceeds limit of 1");
        }
    }

    @Test
    void ephemeralNamesAreValid() throws Exception {
        try (WireClient client = client()) {
            client.subscribe("t#ephemeral", "c#ephemeral");
        }
    }

    // ---- PUB, MPUB, DPUB -----------------------------------------------------------------------

    @Test
    void pubSizeRefusals() throws Exception {
        try (WireClient client = client()) {
            client.sendWithBody("PUB t", new byte[101]).expectFatal("E_BAD_MESSAGE PUB message too big 101 > 100");
        }
        try (WireClient client = client()) {
            client.sendWithBody("PUB t", new byte[0]).expectFatal("E_BAD_MESSAGE PUB invalid message body size 0");
        }
        try (WireClient client = client()) {
            client.write(bytes("PUB t\n")).write(new byte[]{(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xfe})
                    .expectFatal("E_BAD_MESSAGE PUB invalid message body size -2");
        }
        try (WireClient client = client()) {
            client.sendWithBody("PUB t", new byte[100]).expectResponse("OK");
        }
    }

    @Test
    void pubNameRefusals() throws Exception {
        try (WireClient client = client()) {
            client.send("PUB").expectFatal("E_INVALID PUB insufficient number of parameters");
        }
        try (WireClient client = client()) {
            client.send("PUB bad/topic").expectFatal("E_BAD_TOPIC PUB topic name \"bad/topic\" is not valid");
        }
    }

    @Test
    void mpubRefusals() throws Exception {
        try (WireClient client = client()) {
            client.send("MPUB").expectFatal("E_INVALID MPUB insufficient number of parameters");
        }
        try (WireClient client = client()) {
            client.send("MPUB bad!").expectFatal("E_BAD_TOPIC E_BAD_TOPIC MPUB topic name \"bad!\" is not valid");
        }
        try (WireClient client = client()) {
            client.sendWithBody("MPUB t", new byte[0]).expectFatal("E_BAD_BODY MPUB invalid body size 0");
        }
        try (WireClient client = client()) {
            client.sendWithBody("MPUB t", new byte[1148]).expectFatal("E_BAD_BODY MPUB body too big 1148 > 1000");
        }
        try (WireClient client = client()) {
            client.sendWithBody("MPUB t", new byte[]{0, 0, 0, 0}).expectFatal("E_BAD_BODY MPUB invalid message count 0");
        }
        try (WireClient client = client()) {
            // (1000 - 4) / 5 = 199 messages at most
            client.sendWithBody("MPUB t", new byte[]{0, 0, 0, (byte) 200}).expectFatal("E_BAD_BODY MPUB invalid message count 200");
        }
        try (WireClient client = client()) {
            List<byte[]> messages = List.of(bytes("a"), bytes("b"), bytes("c"), bytes("d"), bytes("e"), new byte[0]);
            client.sendWithBody("MPUB t", WireClient.mpubBody(messages))
                    .expectFatal("E_BAD_MESSAGE MPUB invalid message(5) body size 0");
        }
        try (WireClient client = client()) {
            client.sendWithBody("MPUB t", WireClient.mpubBody(List.of(new byte[101])))
                    .expectFatal("E_BAD_MESSAGE MPUB message too big 101 > 100");
        }
    }

    @Test
    void mpubCreatesItsTopicBeforeReadingTheBody() throws Exception {
        try (WireClient client = client()) {
            client.sendWithBody("MPUB made_anyway", new byte[0]).expectFatal("E_BAD_BODY MPUB invalid body size 0");
        }
        assertTrue(server.broker().findTopic("made_anyway").isPresent());
    }

    @Test
    void mpubPublishesEveryMessage() throws Exception {
        try (WireClient client = client()) {
            client.sendWithBody("MPUB batch", WireClient.mpubBody(List.of(bytes("m1"), bytes("m2"), bytes("m3"))))
                    .expectResponse("OK");
        }
        assertEquals(3, server.broker().findTopic("batch").orElseThrow().depth());
    }

    @Test
    void dpubRefusals() throws Exception {
        try (WireClient client = client()) {
            client.send("DPUB t").expectFatal("E_INVALID DPUB insufficient number of parameters");
        }
        try (WireClient client = client()) {
            client.send("DPUB bad# 10").expectFatal("E_BAD_TOPIC DPUB topic name \"bad#\" is not valid");
        }
        try (WireClient client = client()) {
            client.send("DPUB t -1").expectFatal("E_INVALID DPUB could not parse timeout -1");
        }
        try (WireClient client = client()) {
            client.send("DPUB t 3600001").expectFatal("E_INVALID DPUB timeout 3600001 out of range 0-3600000");
        }
        try (WireClient client = client()) {
            client.sendWithBody("DPUB t 10", new byte[101]).expectFatal("E_BAD_MESSAGE DPUB message too big 101 > 100");
        }
        try (WireClient client = client()) {
            client.sendWithBody("DPUB t 10", new byte[0]).expectFatal("E_BAD_MESSAGE DPUB invalid message body size 0");
        }
    }

    @Test
    void dpubIsCountedDeferredAtOnce() throws Exception {
        try (WireClient consumer = client(); WireClient producer = client()) {
            consumer.subscribe("later", "c");
            producer.sendWithBody("DPUB later 60000", bytes("m")).expectResponse("OK");
            var channel = server.broker().findTopic("later").orElseThrow().findChannel("c").orElseThrow();
            assertEquals(1, channel.deferredCount());
            assertEquals(1, channel.messageCount());
        }
    }

    // ---- RDY, FIN, REQ, TOUCH, CLS -------------------------------------------------------------

    @Test
    void messageCommandsBeforeSubAreRefused() throws Exception {
        for (String command : List.of("RDY 1", "FIN 0123456789abcdef", "REQ 0123456789abcdef 0", "TOUCH 0123456789abcdef", "CLS")) {
            try (WireClient client = client()) {
                String name = command.split(" ")[0];
                client.send(command).expectFatal("E_INVALID cannot " + name + " in current state");
            }
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "RDY -1|E_INVALID RDY could not parse count -1",
            "RDY 1x|E_INVALID RDY could not parse count 1x",
            "RDY 2501|E_INVALID RDY count 2501 out of range 0-2500",
            "FIN|E_INVALID FIN insufficient number of params",
            "FIN short|E_INVALID invalid message ID",
            "FIN 0123456789abcdef0|E_INVALID invalid message ID",
            "REQ 0123456789abcdef|E_INVALID REQ insufficient number of params",
            "REQ 0123456789abcdef x|E_INVALID REQ could not parse timeout x",
            "REQ nope 10|E_INVALID invalid message ID",
            "TOUCH|E_INVALID TOUCH insufficient number of params",
            "TOUCH 0123|E_INVALID invalid message ID",
    })
    void subscribedRefusals(String line, String error) throws Exception {
        try (WireClient client = client()) {
            client.subscribe("t", "c");
            client.send(line).expectFatal(error);
        }
    }

    @Test
    void rdyWithoutCountMeansOneAndTheMaximumIsAllowed() throws Exception {
        try (WireClient client = client()) {
            client.subscribe("t", "c");
            client.send("RDY").send("RDY 2500").send("RDY 0");
            client.expectSilence(100);
        }
    }

    @Test
    void finReqTouchOfUnknownIdsAreNotFatal() throws Exception {
        try (WireClient client = client()) {
            client.subscribe("t", "c");
            client.send("FIN 0123456789abcdef").expectError("E_FIN_FAILED FIN 0123456789abcdef failed ID not in flight");
            client.send("REQ 0123456789abcdef 0").expectError("E_REQ_FAILED REQ 0123456789abcdef failed ID not in flight");
            client.send("TOUCH 0123456789abcdef").expectError("E_TOUCH_FAILED TOUCH 0123456789abcdef failed ID not in flight");
            client.send("FIN ZZZZZZZZZZZZZZZZ").expectError("E_FIN_FAILED FIN ZZZZZZZZZZZZZZZZ failed ID not in flight");
            client.pub("t", "still open").expectResponse("OK");
        }
    }

    @Test
    void finsPipelinedInOneWriteAreAppliedAndAnsweredInOrder() throws Exception {
        try (WireClient client = client(); WireClient publisher = client()) {
            client.subscribe("batched", "c");
            client.send("RDY 3");
            for (int i = 0; i < 3; i++) {
                publisher.pub("batched", "m" + i).expectResponse("OK");
            }
            String first = client.readMessage().id();
            String second = client.readMessage().id();
            String third = client.readMessage().id();
            // one write: the failed FIN is answered between the others' silence and PUB's OK
            client.write(bytes("FIN " + first + "\nFIN 0123456789abcdef\nFIN " + second + "\n"
                    + "PUB batched\n" + new String(new byte[]{0, 0, 0, 2}, StandardCharsets.ISO_8859_1) + "m3"
                    + "FIN " + third + "\n"));
            client.expectError("E_FIN_FAILED FIN 0123456789abcdef failed ID not in flight");
            client.expectResponse("OK");
            assertEquals("m3", client.readMessage().text(), "the finished messages made room for the next");
            assertEquals(1, server.broker().findTopic("batched").orElseThrow().channel("c").inFlightCount());
        }
    }

    @Test
    void finOfAnotherConsumersMessageFails() throws Exception {
        try (WireClient owner = client(); WireClient other = client()) {
            owner.subscribe("owned", "c");
            other.subscribe("owned", "c");
            owner.send("RDY 1");
            owner.pub("owned", "m").expectResponse("OK");
            String id = owner.readMessage().id();
            other.send("FIN " + id).expectError("E_FIN_FAILED FIN " + id + " failed client does not own message");
            owner.send("FIN " + id);
            owner.expectSilence(100);
        }
    }

    @Test
    void clsAnswersCloseWaitThenRdyIsIgnoredAndPubStillWorks() throws Exception {
        try (WireClient client = client()) {
            client.subscribe("t", "c");
            client.send("CLS").expectResponse("CLOSE_WAIT");
            client.send("RDY 5");
            client.pub("t", "m").expectResponse("OK");
            client.send("CLS").expectFatal("E_INVALID cannot CLS in current state");
        }
    }

    // ---- heartbeats ----------------------------------------------------------------------------

    @Test
    @Timeout(10)
    void silentClientGetsTwoHeartbeatsThenIsClosed() throws Exception {
        try (WireClient client = client()) {
            client.identify("{\"heartbeat_interval\":1000}").expectResponse("OK");
            long start = System.nanoTime();
            assertEquals("_heartbeat_", client.readAnyFrame().text());
            assertEquals("_heartbeat_", client.readAnyFrame().text());
            client.expectEof();
            long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(elapsedMillis >= 1500 && elapsedMillis < 4000, "closed after " + elapsedMillis + " ms");
        }
    }

    @Test
    @Timeout(10)
    void commandsKeepAHeartbeatingClientAlive() throws Exception {
        try (WireClient client = client()) {
            client.identify("{\"heartbeat_interval\":1000}").expectResponse("OK");
            for (int i = 0; i < 4; i++) {
                assertEquals("_heartbeat_", client.readAnyFrame().text());
                client.send("NOP");
            }
            client.pub("alive", "m").expectResponse("OK");
        }
    }

    @Test
    void producersGetHeartbeatsToo() throws Exception {
        try (WireClient client = client()) {
            client.identify("{\"heartbeat_interval\":1000}").expectResponse("OK");
            client.pub("t", "m").expectResponse("OK");
            assertEquals("_heartbeat_", client.readAnyFrame().text());
        }
    }

    @Test
    void disabledHeartbeatsNeverTimeOut() throws Exception {
        server.close();
        server = new V2TestServer(V2TestServer.config(dataPath).clients(c -> c.defaultHeartbeatInterval(java.time.Duration.ofMillis(200))).build());
        try (WireClient client = client()) {
            client.identify("{\"heartbeat_interval\":-1}").expectResponse("OK");
            client.expectSilence(1000);
            client.pub("t", "m").expectResponse("OK");
        }
    }

    @Test
    void clientsLeavingAreForgotten() throws Exception {
        WireClient client = client();
        client.pub("t", "m").expectResponse("OK");
        await().until(() -> server.broker().clients().size() == 1);
        client.close();
        await().until(() -> server.broker().clients().isEmpty());
    }
}
