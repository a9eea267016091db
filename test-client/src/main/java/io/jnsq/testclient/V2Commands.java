package io.jnsq.testclient;

import io.jnsq.protocol.message.MessageId;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Client → server V2 commands as bytes, and the big-endian integers they carry. */
public final class V2Commands {

    public static final byte[] MAGIC = ascii("  V2");
    public static final byte[] NOP = ascii("NOP\n");
    public static final byte[] CLS = ascii("CLS\n");
    /** {@code FIN } + 16 hex digits + newline. */
    public static final int FIN_LENGTH = 4 + MessageId.LENGTH + 1;

    private static final byte[] FIN_PREFIX = ascii("FIN ");

    private V2Commands() {
    }

    public static byte[] sub(String topic, String channel) {
        return ascii("SUB " + topic + " " + channel + "\n");
    }

    public static byte[] rdy(long count) {
        return ascii("RDY " + count + "\n");
    }

    /** {@code IDENTIFY} with the given JSON body. */
    public static byte[] identify(String json) {
        return withBody("IDENTIFY", json.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code line}, a newline, the body's size (4 bytes) and the body: PUB, DPUB, MPUB, IDENTIFY, AUTH. */
    public static byte[] withBody(String line, byte[] body) {
        ByteArrayOutputStream command = new ByteArrayOutputStream(line.length() + 5 + body.length);
        command.writeBytes((line + "\n").getBytes(StandardCharsets.ISO_8859_1));
        writeInt(command, body.length);
        command.writeBytes(body);
        return command.toByteArray();
    }

    /** An MPUB body: the message count, then each message's size and bytes. */
    public static byte[] mpubBody(List<byte[]> messages) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        writeInt(body, messages.size());
        for (byte[] message : messages) {
            writeInt(body, message.length);
            body.writeBytes(message);
        }
        return body.toByteArray();
    }

    /** Writes {@code FIN <id>\n} at {@code offset}, the id copied from a message frame's header. */
    public static void fin(byte[] out, int offset, byte[] frame, int idOffset) {
        System.arraycopy(FIN_PREFIX, 0, out, offset, FIN_PREFIX.length);
        System.arraycopy(frame, idOffset, out, offset + FIN_PREFIX.length, MessageId.LENGTH);
        out[offset + FIN_LENGTH - 1] = '\n';
    }

    public static void writeInt(ByteArrayOutputStream out, int value) {
        out.write(value >>> 24);
        out.write(value >>> 16);
        out.write(value >>> 8);
        out.write(value);
    }

    public static void putInt(byte[] bytes, int index, int value) {
        bytes[index] = (byte) (value >>> 24);
        bytes[index + 1] = (byte) (value >>> 16);
        bytes[index + 2] = (byte) (value >>> 8);
        bytes[index + 3] = (byte) value;
    }

    public static void putLong(byte[] bytes, int index, long value) {
        putInt(bytes, index, (int) (value >>> 32));
        putInt(bytes, index + 4, (int) value);
    }

    public static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
