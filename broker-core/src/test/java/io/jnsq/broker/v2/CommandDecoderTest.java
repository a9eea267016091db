package io.jnsq.broker.v2;

import io.jnsq.broker.config.BrokerConfig;
import io.jnsq.broker.config.MessageConfig;
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
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The decoder must give the same commands however the bytes are split across reads. */
class CommandDecoderTest {

    private static final BrokerConfig CONFIG = BrokerConfig.builder().messages(m -> m.nodeId(1).maxMsgSize(100).maxBodySize(1000)).build();

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
        EmbeddedChannel channel = new EmbeddedChannel(new CommandDecoder(CONFIG.messages(), ConnectionGate.open(() -> V2Client.STATE_INIT)));
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

    /**
     * The declared body size only passes nsqd's first check; the messages that follow are each within
     * --max-msg-size. Their running total (count, then each size and body) may not pass --max-body-size:
     * refused before the body that would, whatever was declared.
     */
    @Test
    void mpubMessagesMayNotOutgrowMaxBodySize() {
        List<byte[]> bodies = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            bodies.add(new byte[100]); // 4 + 10 × 104 = 1044 > 1000
        }
        byte[] mpub = WireClient.mpubBody(bodies);
        byte[] lying = WireClient.commandWithBody("MPUB t", mpub);
        java.nio.ByteBuffer.wrap(lying).putInt("MPUB t\n".length(), 100); // declares 100 bytes
        List<Command> commands = decode(lying, 0);
        assertEquals(1, commands.size());
        Command.Invalid invalid = assertInstanceOf(Command.Invalid.class, commands.get(0));
        assertEquals("E_BAD_BODY MPUB body too big 1044 > 1000", invalid.error().wireText());
        assertTrue(invalid.error().fatal());
        assertEquals("t", invalid.topicToCreate(), "nsqd has created the topic by then");
    }

    @Test
    void mpubUpToMaxBodySizeIsTaken() {
        List<byte[]> bodies = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            bodies.add(new byte[100]);
        }
        bodies.add(new byte[1000 - 4 - 9 * 104 - 4]); // exactly 1000 in all
        List<Command> commands = decode(WireClient.commandWithBody("MPUB t", WireClient.mpubBody(bodies)), 5);
        assertEquals(10, assertInstanceOf(Command.Mpub.class, commands.get(0)).bodies().size());
    }

    /**
     * A header declaring the most messages nsqd's default --max-body-size allows (1,048,575), and one
     * message after it: what is allocated follows what arrived, not the declared count (a list sized by
     * the count alone would be 4 MiB).
     */
    @Test
    void anMpubHeaderAllocatesForWhatArrivesNotForTheDeclaredCount() {
        MessageConfig defaults = MessageConfig.builder().nodeId(1).build();
        EmbeddedChannel channel = new EmbeddedChannel(new CommandDecoder(defaults, ConnectionGate.open(() -> V2Client.STATE_INIT)));
        ByteBuf header = Unpooled.buffer().writeBytes("MPUB t\n".getBytes(StandardCharsets.US_ASCII))
                .writeInt((int) defaults.maxBodySize()).writeInt(1_048_575);
        ByteBuf message = Unpooled.buffer().writeInt(1).writeByte(7);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        channel.writeInbound(header);
        channel.writeInbound(message);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertNull(channel.readInbound());
        assertFalse(channel.finish());
        assertTrue(allocated < 256 * 1024, "allocated " + allocated + " bytes for a header and one message");
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
