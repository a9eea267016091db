package io.jnsq.broker.wire;

import io.jnsq.testclient.FrameReader;
import io.jnsq.testclient.V2Commands;
import io.jnsq.testclient.V2Connection;

import javax.net.ssl.SSLContext;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The tests' V2 client: test-client's {@link V2Connection} (written apart from the production codecs so
 * a shared mistake cannot hide: it writes raw bytes and reads frames as a real client would) with the
 * assertions tests make on what comes back.
 */
public final class WireClient implements AutoCloseable {

    public static final byte[] MAGIC_V2 = V2Commands.MAGIC;
    private static final V2Connection.Options OPTIONS = V2Connection.Options.standard(10_000);

    private final V2Connection connection;
    private final FrameReader frames;

    private WireClient(V2Connection connection) {
        this.connection = connection;
        this.frames = connection.frames();
    }

    /** The TLS handshake on this connection (after an IDENTIFY answered {@code tls_v1}), then its {@code OK}. */
    public WireClient upgradeTls(SSLContext context) throws IOException {
        connection.upgradeTls(context);
        return this;
    }

    /** Both directions switch to the snappy framing format, then {@code OK}. */
    public WireClient upgradeSnappy() throws IOException {
        connection.upgradeSnappy();
        return this;
    }

    /** Both directions switch to raw DEFLATE, each write ending in a sync flush, then {@code OK}. */
    public WireClient upgradeDeflate(int level) throws IOException {
        connection.upgradeDeflate(level);
        return this;
    }

    /** Connects and sends the V2 magic. */
    public static WireClient connect(InetSocketAddress address) throws IOException {
        return new WireClient(V2Connection.connect(address, OPTIONS));
    }

    /** Connects without sending anything. */
    public static WireClient connectRaw(InetSocketAddress address) throws IOException {
        return new WireClient(V2Connection.connectRaw(address, OPTIONS));
    }

    public WireClient readTimeout(int millis) throws IOException {
        connection.socket().setSoTimeout(millis);
        return this;
    }

    public WireClient write(byte[] bytes) throws IOException {
        connection.out().write(bytes);
        return this;
    }

    /** Writes one byte at a time, each leaving at once. */
    public WireClient trickle(byte[] bytes) throws IOException {
        for (byte b : bytes) {
            connection.out().write(b);
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
        return V2Commands.withBody(line, body);
    }

    public static byte[] mpubBody(List<byte[]> messages) {
        return V2Commands.mpubBody(messages);
    }

    public WireClient identify(String json) throws IOException {
        return write(V2Commands.identify(json));
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
        if (!frames.next()) {
            throw new EOFException("the server closed the connection");
        }
        return new Frame(frames.type(), frames.data());
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
            if (!frames.atEnd()) {
                fail("expected EOF, but more bytes arrived");
            }
        } catch (SocketTimeoutException e) {
            fail("connection still open");
        } catch (SocketException closed) {
            // reset by the server: closed, as expected
        }
    }

    /** Asserts nothing but heartbeats arrives within {@code millis}. */
    public void expectSilence(int millis) throws IOException {
        int previous = connection.socket().getSoTimeout();
        connection.socket().setSoTimeout(millis);
        long deadline = System.nanoTime() + millis * 1_000_000L;
        try {
            while (System.nanoTime() < deadline) {
                Frame frame = readAnyFrame();
                assertTrue(frame.isHeartbeat(), () -> "expected nothing, got " + frame);
            }
        } catch (SocketTimeoutException expected) {
            // silence
        } finally {
            connection.socket().setSoTimeout(previous);
        }
    }

    /** Reads and drops whatever still arrives until the peer closes (within the read timeout). */
    public void drainUntilClosed() throws IOException {
        while (!isClosedByPeer()) {
            // dropped
        }
    }

    /** Drops what is buffered, then reads once more: whether that found the end of the connection. */
    public boolean isClosedByPeer() throws IOException {
        frames.discardBuffered();
        try {
            return frames.atEnd();
        } catch (SocketException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        connection.close();
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
            byte[] body = Arrays.copyOfRange(data, 26, data.length);
            return new Delivery(timestamp, attempts, id, body);
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }
}
