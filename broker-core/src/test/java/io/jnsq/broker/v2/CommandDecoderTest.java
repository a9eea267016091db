package io.jnsq.broker.v2;

import io.jnsq.broker.Options;
import io.jnsq.broker.wire.WireClient;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** The decoder must give the same commands however the bytes are split across reads. */
class CommandDecoderTest {

    private static final Options OPTIONS = Options.builder().nodeId(1).maxMsgSize(100).maxBodySize(1000).build();

    private static byte[] stream() {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.writeBytes(WireClient.commandWithBody("IDENTIFY", "{}".getBytes(StandardCharsets.UTF_8)));
        out.writeBytes("SUB t c\r\n".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(WireClient.commandWithBody("PUB t", "body".getBytes(StandardCharsets.UTF_8)));
        out.writeBytes(WireClient.commandWithBody("DPUB t 25", "later".getBytes(StandardCharsets.UTF_8)));
        out.writeBytes(WireClient.commandWithBody("MPUB t", WireClient.mpubBody(List.of(new byte[]{1}, new byte[]{2, 3}))));
        out.writeBytes("RDY 10\nNOP\n".getBytes(StandardCharsets.US_ASCII));
        // a well-formed FIN takes the fast path; an id no server makes stays a plain line for nsqd's errors
        out.writeBytes("FIN 0123456789abcdef\r\nFIN 0123456789ABCDEF\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    private static List<Command> decode(byte[] bytes, int split) {
        EmbeddedChannel channel = new EmbeddedChannel(new CommandDecoder(() -> OPTIONS, ConnectionGate.open(() -> V2Client.STATE_INIT)));
        ByteBuf all = Unpooled.wrappedBuffer(bytes);
        channel.writeInbound(all.retainedSlice(0, split));
        channel.writeInbound(all.retainedSlice(split, bytes.length - split));
        all.release();
        List<Command> commands = new ArrayList<>();
        for (Object command; (command = channel.readInbound()) != null; ) {
            commands.add((Command) command);
        }
        assertFalse(channel.finish());
        return commands;
    }

    @Test
    void everySplitPointDecodesTheSameCommands() {
        byte[] bytes = stream();
        for (int split = 0; split <= bytes.length; split++) {
            List<Command> commands = decode(bytes, split);
            assertEquals(9, commands.size(), "split at " + split);
            assertArrayEquals("{}".getBytes(StandardCharsets.UTF_8), ((Command.Identify) commands.get(0)).body());
            assertEquals(List.of("SUB", "t", "c"), ((Command.Line) commands.get(1)).params());
            assertArrayEquals("body".getBytes(StandardCharsets.UTF_8), ((Command.Pub) commands.get(2)).body());
            assertEquals(25, ((Command.Dpub) commands.get(3)).deferMillis());
            Command.Mpub mpub = (Command.Mpub) commands.get(4);
            assertEquals(2, mpub.bodies().size());
            assertArrayEquals(new byte[]{2, 3}, mpub.bodies().get(1));
            assertEquals(List.of("RDY", "10"), ((Command.Line) commands.get(5)).params());
            assertEquals(List.of("NOP"), ((Command.Line) commands.get(6)).params());
            assertEquals(new Command.Fin(0x0123456789abcdefL), commands.get(7));
            assertEquals(List.of("FIN", "0123456789ABCDEF"), ((Command.Line) commands.get(8)).params());
        }
    }

    @Test
    void afterARefusalTheRestOfTheStreamIsIgnored() {
        byte[] bytes = ("PUB bad!\nNOP\n").getBytes(StandardCharsets.US_ASCII);
        List<Command> commands = decode(bytes, 3);
        assertEquals(1, commands.size());
        Command.Invalid invalid = assertInstanceOf(Command.Invalid.class, commands.get(0));
        assertEquals("E_BAD_TOPIC PUB topic name \"bad!\" is not valid", invalid.error().wireText());
    }

    @Test
    void splitsOnEverySingleSpace() {
        assertEquals(List.of("SUB", "", "t", "c"), CommandDecoder.split("SUB  t c"));
        assertEquals(List.of(""), CommandDecoder.split(""));
        assertEquals(List.of("RDY", ""), CommandDecoder.split("RDY "));
        assertEquals(List.of("A\tB"), CommandDecoder.split("A\tB"));
    }
}
