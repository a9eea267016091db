package io.jnsq.benchmarks.load;

import io.jnsq.protocol.message.MessageId;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** The client → server V2 commands the load tool sends, as bytes. */
final class V2Commands {

    static final byte[] MAGIC = ascii("  V2");
    static final byte[] NOP = ascii("NOP\n");
    static final byte[] CLS = ascii("CLS\n");
    /** {@code FIN } + 16 hex digits + newline. */
    static final int FIN_LENGTH = 4 + MessageId.LENGTH + 1;

    private static final byte[] FIN_PREFIX = ascii("FIN ");

    private V2Commands() {
    }

    static byte[] sub(String topic, String channel) {
        return ascii("SUB " + topic + " " + channel + "\n");
    }

    static byte[] rdy(long count) {
        return ascii("RDY " + count + "\n");
    }

    static byte[] identify(String userAgent) {
        return identify(("{\"client_id\":\"jnsq-load\",\"hostname\":\"localhost\",\"user_agent\":\"" + userAgent
                + "\",\"feature_negotiation\":false}").getBytes(StandardCharsets.UTF_8));
    }

    /** {@code IDENTIFY} with the given JSON body. */
    static byte[] identify(byte[] json) {
        ByteArrayOutputStream command = new ByteArrayOutputStream();
        command.writeBytes(ascii("IDENTIFY\n"));
        writeInt(command, json.length);
        command.writeBytes(json);
        return command.toByteArray();
    }

    /** Writes {@code FIN <id>\n} at {@code offset}, the id copied from a message frame's header. */
    static void fin(byte[] out, int offset, byte[] frame, int idOffset) {
        System.arraycopy(FIN_PREFIX, 0, out, offset, FIN_PREFIX.length);
        System.arraycopy(frame, idOffset, out, offset + FIN_PREFIX.length, MessageId.LENGTH);
        out[offset + FIN_LENGTH - 1] = '\n';
    }

    static void writeInt(ByteArrayOutputStream out, int value) {
        out.write(value >>> 24);
        out.write(value >>> 16);
        out.write(value >>> 8);
        out.write(value);
    }

    static void putInt(byte[] bytes, int index, int value) {
        bytes[index] = (byte) (value >>> 24);
        bytes[index + 1] = (byte) (value >>> 16);
        bytes[index + 2] = (byte) (value >>> 8);
        bytes[index + 3] = (byte) value;
    }

    static void putLong(byte[] bytes, int index, long value) {
        putInt(bytes, index, (int) (value >>> 32));
        putInt(bytes, index + 4, (int) value);
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
