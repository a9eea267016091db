package io.jnsq.broker.wire;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.xerial.snappy.SnappyFramedInputStream;
import org.xerial.snappy.SnappyFramedOutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A blocking NSQ client for tests, written apart from the production codecs so a shared mistake cannot
 * hide: it writes raw bytes and reads frames as a real client would.
 */
public final class WireClient implements AutoCloseable {

    public static final byte[] MAGIC_V2 = "  V2".getBytes(StandardCharsets.US_ASCII);

    private Socket socket;
    private InputStream rawIn;
    private OutputStream rawOut;
    private DataInputStream in;
    private OutputStream out;

    private WireClient(Socket socket) throws IOException {
        this.socket = socket;
        useStreams(socket.getInputStream(), socket.getOutputStream());
    }

    private void useStreams(InputStream input, OutputStream output) {
        rawIn = input;
        rawOut = output;
        in = new DataInputStream(input);
        out = output;
    }

    /** The TLS handshake on this connection (after an IDENTIFY answered {@code tls_v1}), then its {@code OK}. */
    public WireClient upgradeTls(SSLContext context) throws IOException {
        InetSocketAddress peer = (InetSocketAddress) socket.getRemoteSocketAddress();
        SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(socket, peer.getHostString(), peer.getPort(), true);
        tls.setUseClientMode(true);
        tls.startHandshake();
        socket = tls;
        useStreams(tls.getInputStream(), tls.getOutputStream());
        return expectResponse("OK");
    }

    /** Both directions switch to the snappy framing format (xerial's, not the server's codec), then {@code OK}. */
    public WireClient upgradeSnappy() throws IOException {
        out = new SnappyFramedOutputStream(rawOut);
        in = new DataInputStream(new SnappyFramedInputStream(rawIn));
        return expectResponse("OK");
    }

    /** Both directions switch to raw DEFLATE, each write ending in a sync flush, then {@code OK}. */
    public WireClient upgradeDeflate(int level) throws IOException {
        out = new DeflaterOutputStream(rawOut, new Deflater(level, true), 512, true);
        in = new DataInputStream(new InflaterInputStream(rawIn, new Inflater(true), 512));
        return expectResponse("OK");
    }

    /** Connects and sends the V2 magic. */
    public static WireClient connect(InetSocketAddress address) throws IOException {
        WireClient client = connectRaw(address);
        client.write(MAGIC_V2);
        return client;
    }

    /** Connects without sending anything. */
    public static WireClient connectRaw(InetSocketAddress address) throws IOException {
        Socket socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(address, 5000);
        socket.setSoTimeout(10_000);
        return new WireClient(socket);
    }

    public WireClient readTimeout(int millis) throws IOException {
        socket.setSoTimeout(millis);
        return this;
    }

    public WireClient write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /** Writes one byte at a time, flushing each. */
    public WireClient trickle(byte[] bytes) throws IOException {
        for (byte b : bytes) {
            out.write(b);
            out.flush();
        }
        return this;
    }

    public WireClient send(String line) throws IOException {
        return write((line + "\n").getBytes(StandardCharsets.ISO_8859_1));
    }

    public WireClient sendWithBody(String line, byte[] body) throws IOException {
        return write(commandWithBody(line, body));
    }

    public static byte[] commandWithBody(String line, byte[] body) {
        ByteBuffer buffer = ByteBuffer.allocate(line.length() + 1 + 4 + body.length);
        buffer.put((line + "\n").getBytes(StandardCharsets.ISO_8859_1)).putInt(body.length).put(body);
        return buffer.array();
    }

    public static byte[] mpubBody(List<byte[]> messages) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(ByteBuffer.allocate(4).putInt(messages.size()).array());
        for (byte[] message : messages) {
            body.writeBytes(ByteBuffer.allocate(4).putInt(message.length).array());
            body.writeBytes(message);
        }
        return body.toByteArray();
    }

    public WireClient identify(String json) throws IOException {
        return sendWithBody("IDENTIFY", json.getBytes(StandardCharsets.UTF_8));
    }

    public WireClient pub(String topic, String body) throws IOException {
        return sendWithBody("PUB " + topic, body.getBytes(StandardCharsets.UTF_8));
    }

    /** SUB, expecting OK. */
    public WireClient subscribe(String topic, String channel) throws IOException {
        send("SUB " + topic + " " + channel);
        expectResponse("OK");
        return this;
    }

    /** The next frame, skipping heartbeats. */
    public Frame readFrame() throws IOException {
        while (true) {
            Frame frame = readAnyFrame();
            if (!frame.isHeartbeat()) {
                return frame;
            }
        }
    }

    public Frame readAnyFrame() throws IOException {
        int size = in.readInt();
        int type = in.readInt();
        byte[] data = new byte[size - 4];
        in.readFully(data);
        return new Frame(type, data);
    }

    public WireClient expectResponse(String text) throws IOException {
        Frame frame = readFrame();
        assertEquals(Frame.RESPONSE + ":" + text, frame.type() + ":" + frame.text());
        return this;
    }

    public WireClient expectError(String text) throws IOException {
        Frame frame = readFrame();
        assertEquals(Frame.ERROR + ":" + text, frame.type() + ":" + frame.text());
        return this;
    }

    /** A fatal error: the frame, then the connection closes. */
    public void expectFatal(String text) throws IOException {
        expectError(text);
        expectEof();
    }

    public Delivery readMessage() throws IOException {
        Frame frame = readFrame();
        assertEquals(Frame.MESSAGE, frame.type(), () -> "expected a message, got " + frame);
        return Delivery.of(frame.data());
    }

    public void expectEof() throws IOException {
        try {
            int next = in.read();
            if (next != -1) {
                fail("expected EOF, got more bytes starting with " + next);
            }
        } catch (SocketTimeoutException e) {
            fail("connection still open");
        } catch (java.net.SocketException closed) {
            // reset by the server: closed, as expected
        }
    }

    /** Asserts nothing but heartbeats arrives within {@code millis}. */
    public void expectSilence(int millis) throws IOException {
        int previous = socket.getSoTimeout();
        socket.setSoTimeout(millis);
        long deadline = System.nanoTime() + millis * 1_000_000L;
        try {
            while (System.nanoTime() < deadline) {
                Frame frame = readAnyFrame();
                assertTrue(frame.isHeartbeat(), () -> "expected nothing, got " + frame);
            }
        } catch (SocketTimeoutException expected) {
            // silence
        } finally {
            socket.setSoTimeout(previous);
        }
    }

    /** Reads and drops whatever still arrives until the peer closes (within the read timeout). */
    public void drainUntilClosed() throws IOException {
        while (!isClosedByPeer()) {
            in.skip(in.available());
        }
    }

    public boolean isClosedByPeer() throws IOException {
        try {
            return in.read() == -1;
        } catch (java.net.SocketException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** One server frame. */
    public record Frame(int type, byte[] data) {
        public static final int RESPONSE = 0;
        public static final int ERROR = 1;
        public static final int MESSAGE = 2;

        public String text() {
            return new String(data, StandardCharsets.UTF_8);
        }

        boolean isHeartbeat() {
            return type == RESPONSE && "_heartbeat_".equals(text());
        }

        @Override
        public String toString() {
            return "Frame(" + type + ", " + (type == MESSAGE ? data.length + " bytes" : text()) + ")";
        }
    }

    /** A delivered message, parsed from a message frame. */
    public record Delivery(long timestamp, int attempts, String id, byte[] body) {
        static Delivery of(byte[] data) {
            ByteBuffer buffer = ByteBuffer.wrap(data);
            long timestamp = buffer.getLong();
            int attempts = buffer.getShort() & 0xffff;
            String id = new String(data, 10, 16, StandardCharsets.US_ASCII);
            byte[] body = java.util.Arrays.copyOfRange(data, 26, data.length);
            return new Delivery(timestamp, attempts, id, body);
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }
}
