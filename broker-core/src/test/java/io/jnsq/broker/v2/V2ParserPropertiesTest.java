package io.jnsq.broker.v2;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jnsq.broker.GoStyleJson;
import io.jnsq.broker.config.BrokerConfig;
import io.jnsq.broker.wire.WireClient;
import io.jnsq.protocol.error.ProtocolException;
import io.jnsq.protocol.frame.Frames;
import io.jnsq.protocol.testing.LeakCheckExtension;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzzing of the V2 parsers: arbitrary and mutated command streams through the command decoder, split
 * at arbitrary points, MPUB bodies, IDENTIFY bodies. Nothing may escape as an exception, every refusal
 * must be an nsqd error, and no buffer may leak (checked once the class is done). Cases per property:
 * {@code -Dfuzz.tries=N} (README, Reliability).
 */
class V2ParserPropertiesTest {

    private static final BrokerConfig CONFIG = BrokerConfig.builder().messages(m -> m.nodeId(1).maxMsgSize(100).maxBodySize(1000)).build();
    private static final ObjectMapper JSON = GoStyleJson.MAPPER;

    @AfterContainer
    static void noLeaks() {
        LeakCheckExtension.assertNoLeaks(V2ParserPropertiesTest.class.getSimpleName());
    }

    // ---- the command decoder -------------------------------------------------------------------

    @Property
    void arbitraryBytesDecodeOrAreRefusedWithAnNsqdError(@ForAll("streams") byte[] stream,
                                                          @ForAll("splits") List<Integer> splits,
                                                          @ForAll("states") int state) {
        decodeChecked(stream, splits, state);
    }

    @Property
    void mutatedCommandStreamsDecodeOrAreRefusedWithAnNsqdError(@ForAll("mutatedStreams") byte[] stream,
                                                                 @ForAll("splits") List<Integer> splits,
                                                                 @ForAll("states") int state) {
        decodeChecked(stream, splits, state);
    }

    private static void decodeChecked(byte[] stream, List<Integer> splits, int state) {
        EmbeddedChannel channel = new EmbeddedChannel(new CommandDecoder(CONFIG.messages(), ConnectionGate.open(() -> state)));
        ByteBuf all = Unpooled.wrappedBuffer(stream);
        try {
            int at = 0;
            for (int split : splits) {
                int length = Math.min(split, stream.length - at);
                if (!channel.isOpen() || length <= 0) {
                    break;
                }
                channel.writeInbound(all.retainedSlice(at, length));
                at += length;
            }
            if (channel.isOpen() && at < stream.length) {
                channel.writeInbound(all.retainedSlice(at, stream.length - at));
            }
            channel.checkException();
            for (Object command; (command = channel.readInbound()) != null; ) {
                checkCommand((Command) command);
            }
        } finally {
            all.release();
            channel.finishAndReleaseAll();
        }
    }

    private static void checkCommand(Command command) {
        if (command instanceof Command.Invalid invalid) {
            checkRefusal(invalid.error());
        } else if (command instanceof Command.Identify identify) {
            identifyChecked(identify.body());
        } else if (command instanceof Command.Mpub mpub) {
            assertTrue(!mpub.bodies().isEmpty());
            mpub.bodies().forEach(body -> assertTrue(body.length > 0 && body.length <= CONFIG.messages().maxMsgSize()));
        } else if (command instanceof Command.Line line) {
            assertTrue(!line.params().isEmpty());
        }
    }

    /** An nsqd error, and a frame that can be written: code first, the client's bytes as bytes. */
    private static void checkRefusal(ProtocolException error) {
        assertTrue(error.code().name().startsWith("E_"), error::toString);
        ByteBuf frame = Frames.error(ByteBufAllocator.DEFAULT, error);
        try {
            String text = frame.toString(8, frame.readableBytes() - 8, StandardCharsets.ISO_8859_1);
            assertTrue(text.startsWith(error.code().name()), text);
            assertTrue(frame.getInt(0) == frame.readableBytes() - 4);
        } finally {
            frame.release();
        }
    }

    // ---- IDENTIFY bodies -----------------------------------------------------------------------

    @Property
    void identifyBodiesParseOrAreRefusedAsNsqdRefusesThem(@ForAll("identifyBodies") byte[] body) {
        identifyChecked(body);
    }

    /** What the handler does with a body: decode as Go would, then negotiate; only nsqd's refusals. */
    private static void identifyChecked(byte[] body) {
        IdentifyRequest request;
        try {
            request = JSON.readValue(GoStyleJson.text(body), IdentifyRequest.class);
        } catch (IOException e) {
            checkRefusal(V2Errors.identifyUndecodable());
            return;
        }
        if (request == null) {
            request = IdentifyRequest.EMPTY;
        }
        try {
            ClientSettings.defaults(CONFIG).identify(request, CONFIG);
        } catch (IllegalArgumentException invalid) {
            checkRefusal(V2Errors.identifyInvalid(invalid.getMessage()));
        }
    }

    // ---- generators ----------------------------------------------------------------------------

    @Provide
    Arbitrary<Integer> states() {
        return Arbitraries.of(V2Client.STATE_INIT, V2Client.STATE_SUBSCRIBED, V2Client.STATE_CLOSING);
    }

    @Provide
    Arbitrary<List<Integer>> splits() {
        return Arbitraries.integers().between(1, 64).list().ofMaxSize(8);
    }

    @Provide
    Arbitrary<byte[]> streams() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
    }

    /** Well-formed commands, concatenated, then bytes flipped, cut, inserted or duplicated. */
    @Provide
    Arbitrary<byte[]> mutatedStreams() {
        Arbitrary<byte[]> stream = command().list().ofMinSize(1).ofMaxSize(6).map(V2ParserPropertiesTest::concat);
        return Combinators.combine(stream, mutation().list().ofMaxSize(4)).as((bytes, mutations) -> {
            byte[] result = bytes;
            for (Mutation mutation : mutations) {
                result = mutation.apply(result);
            }
            return result;
        });
    }

    private Arbitrary<byte[]> command() {
        Arbitrary<String> name = Arbitraries.of("t", "t#ephemeral", "a.b_c-d", "", "x".repeat(65), "bad$", "é");
        Arbitrary<byte[]> body = Arbitraries.bytes().array(byte[].class).ofMaxSize(120);
        return Arbitraries.oneOf(
                name.map(t -> line("SUB " + t + " c")),
                Arbitraries.of("RDY 1", "RDY -1", "RDY 99999999999999999999", "RDY x", "RDY", "NOP", "CLS", "", "  ")
                        .map(V2ParserPropertiesTest::line),
                Arbitraries.of("FIN 0123456789abcdef", "FIN 0123456789ABCDEF", "FIN 012", "FIN", "REQ 0123456789abcdef 10",
                        "TOUCH 0123456789abcdef").map(V2ParserPropertiesTest::line),
                Combinators.combine(name, body).as((t, b) -> WireClient.commandWithBody("PUB " + t, b)),
                Combinators.combine(name, Arbitraries.of("0", "10", "-1", "x", "99999999999"), body)
                        .as((t, d, b) -> WireClient.commandWithBody("DPUB " + t + " " + d, b)),
                Combinators.combine(name, body.list().ofMaxSize(5))
                        .as((t, bodies) -> WireClient.commandWithBody("MPUB " + t, WireClient.mpubBody(bodies))),
                identifyBodies().map(b -> WireClient.commandWithBody("IDENTIFY", b)),
                body.map(b -> WireClient.commandWithBody("AUTH", b)));
    }

    @Provide
    Arbitrary<byte[]> identifyBodies() {
        Arbitrary<String> value = Arbitraries.oneOf(
                Arbitraries.of("null", "true", "false", "0", "-1", "1e3", "1.5", "9999999999999999999999", "\"\"",
                        "\"x\"", "[]", "{}", "[[[[[]]]]]", "\"\\ud800\"", "\"\\u00e9\""),
                Arbitraries.integers().between(-100_000, 100_000).map(String::valueOf));
        Arbitrary<String> key = Arbitraries.of("client_id", "hostname", "user_agent", "heartbeat_interval",
                "output_buffer_size", "output_buffer_timeout", "sample_rate", "msg_timeout", "feature_negotiation",
                "tls_v1", "deflate", "deflate_level", "snappy", "Client_ID", "unknown");
        Arbitrary<String> object = Combinators.combine(key, value).as((k, v) -> "\"" + k + "\":" + v)
                .list().ofMaxSize(6).map(fields -> "{" + String.join(",", fields) + "}");
        Arbitrary<byte[]> json = object.map(text -> text.getBytes(StandardCharsets.UTF_8));
        return Combinators.combine(json, mutation().list().ofMaxSize(2)).as((bytes, mutations) -> {
            byte[] result = bytes;
            for (Mutation mutation : mutations) {
                result = mutation.apply(result);
            }
            return result;
        });
    }

    private record Mutation(int kind, int where, byte value, int length) {
        byte[] apply(byte[] bytes) {
            if (bytes.length == 0) {
                return new byte[] {value};
            }
            int at = Math.floorMod(where, bytes.length);
            ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length + length);
            switch (kind) {
                case 0 -> { // flip one byte
                    byte[] copy = bytes.clone();
                    copy[at] = value;
                    return copy;
                }
                case 1 -> { // cut a run
                    out.write(bytes, 0, at);
                    int resume = Math.min(bytes.length, at + length);
                    out.write(bytes, resume, bytes.length - resume);
                }
                case 2 -> { // insert a run of one byte
                    out.write(bytes, 0, at);
                    for (int i = 0; i < length; i++) {
                        out.write(value);
                    }
                    out.write(bytes, at, bytes.length - at);
                }
                default -> { // duplicate a run
                    int end = Math.min(bytes.length, at + length);
                    out.write(bytes, 0, end);
                    out.write(bytes, at, end - at);
                    out.write(bytes, end, bytes.length - end);
                }
            }
            return out.toByteArray();
        }
    }

    private Arbitrary<Mutation> mutation() {
        return Combinators.combine(Arbitraries.integers().between(0, 3), Arbitraries.integers(),
                Arbitraries.oneOf(Arbitraries.bytes(), Arbitraries.of((byte) '\n', (byte) ' ', (byte) 0, (byte) 0xff,
                        (byte) 0x80, (byte) 0x7f)), Arbitraries.integers().between(1, 16)).as(Mutation::new);
    }

    private static byte[] line(String text) {
        return (text + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(List<byte[]> parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        parts.forEach(out::writeBytes);
        return out.toByteArray();
    }

}
