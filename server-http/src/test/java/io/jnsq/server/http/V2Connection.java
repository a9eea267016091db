package io.jnsq.server.http;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A raw-socket NSQ V2 client, independent of the production codec: magic, commands, frames. */
final class V2Connection implements AutoCloseable {

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    V2Connection(InetSocketAddress address) throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(address, 5000);
        socket.setSoTimeout(10_000);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
        out.write("  V2".getBytes(StandardCharsets.US_ASCII));
    }

    V2Connection identify(String json) throws IOException {
        commandWithBody("IDENTIFY", json.getBytes(StandardCharsets.UTF_8));
        expectOk();
        return this;
    }

    V2Connection subscribe(String topic, String channel) throws IOException {
        command("SUB " + topic + " " + channel);
        expectOk();
        return this;
    }

    V2Connection ready(int count) throws IOException {
        return command("RDY " + count);
    }

    V2Connection publish(String topic, String body) throws IOException {
        commandWithBody("PUB " + topic, body.getBytes(StandardCharsets.UTF_8));
        expectOk();
        return this;
    }

    V2Connection finish(String id) throws IOException {
        return command("FIN " + id);
    }

    /** The next message, skipping heartbeats: its id and body. */
    String[] readMessage() throws IOException {
        while (true) {
            int size = in.readInt();
            int type = in.readInt();
            byte[] data = new byte[size - 4];
            in.readFully(data);
            if (type == 2) {
                return new String[]{new String(data, 10, 16, StandardCharsets.US_ASCII),
                        new String(data, 26, data.length - 26, StandardCharsets.UTF_8)};
            }
            String text = new String(data, StandardCharsets.UTF_8);
            if (!(type == 0 && text.equals("_heartbeat_"))) {
                throw new AssertionError("expected a message, got frame type " + type + ": " + text);
            }
        }
    }

    private void expectOk() throws IOException {
        int size = in.readInt();
        int type = in.readInt();
        byte[] data = new byte[size - 4];
        in.readFully(data);
        assertEquals("0:OK", type + ":" + new String(data, StandardCharsets.UTF_8));
    }

    private V2Connection command(String line) throws IOException {
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        return this;
    }

    private void commandWithBody(String line, byte[] body) throws IOException {
        byte[] head = (line + "\n").getBytes(StandardCharsets.UTF_8);
        out.write(ByteBuffer.allocate(head.length + 4 + body.length).put(head).putInt(body.length).put(body).array());
        out.flush();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
