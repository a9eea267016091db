package io.jnsq.testclient;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xerial.snappy.SnappyFramedInputStream;
import org.xerial.snappy.SnappyFramedOutputStream;

import javax.net.ssl.SSLContext;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The connection against a scripted peer on a loopback socket: the peer speaks the server side with
 * the JDK's and snappy-java's own streams, and sends the IDENTIFY answer and the first compressed
 * {@code OK} in one write, as nsqd may, so the client's read-ahead holds compressed bytes when it upgrades.
 */
@Timeout(30)
class V2ConnectionTest {

    private static final V2Connection.Options OPTIONS = V2Connection.Options.standard(10_000);

    private final ExecutorService peerThread = Executors.newSingleThreadExecutor();

    @ParameterizedTest
    @ValueSource(strings = {"snappy", "deflate"})
    void theOkSentWithTheIdentifyAnswerIsReadThroughTheUpgrade(String compression) throws Exception {
        String answer = "{\"max_rdy_count\":2500,\"tls_v1\":false,\"deflate\":" + compression.equals("deflate")
                + ",\"deflate_level\":3,\"snappy\":" + compression.equals("snappy") + "}";
        try (ServerSocket server = loopbackServer()) {
            Future<String> peer = peerThread.submit(() -> {
                try (Socket socket = server.accept()) {
                    DataInputStream in = new DataInputStream(socket.getInputStream());
                    assertArrayEquals(V2Commands.MAGIC, in.readNBytes(4));
                    String identify = readCommand(in);
                    // the answer in the clear and the first compressed frame, in one write
                    ByteArrayOutputStream opening = new ByteArrayOutputStream();
                    opening.writeBytes(frame(0, answer));
                    Codec codec = new Codec(compression, socket);
                    opening.writeBytes(codec.compress(frame(0, "OK")));
                    socket.getOutputStream().write(opening.toByteArray());
                    // then a command in the client's compression, answered with a message frame carrying its body
                    String pub = readCommand(new DataInputStream(codec.decompressing()));
                    socket.getOutputStream().write(codec.compress(messageFrame(pub.substring(pub.indexOf('\n') + 1))));
                    return identify;
                }
            });
            try (V2Connection connection = V2Connection.connect(address(server), OPTIONS)) {
                String json = "{\"feature_negotiation\":true,\"" + compression + "\":true}";
                assertEquals(answer, connection.negotiate(json, null));
                connection.out().write(V2Commands.withBody("PUB t", "through the upgrade".getBytes(StandardCharsets.UTF_8)));
                FrameReader frames = connection.frames();
                assertTrue(frames.next());
                assertTrue(frames.isMessage());
                assertEquals("through the upgrade", new String(frames.bytes(), frames.bodyOffset(), frames.bodyLength(),
                        StandardCharsets.UTF_8));
            }
            assertEquals("IDENTIFY\n" + "{\"feature_negotiation\":true,\"" + compression + "\":true}",
                    peer.get(10, TimeUnit.SECONDS));
        } finally {
            peerThread.shutdownNow();
        }
    }

    @Test
    void bytesBeforeTheTlsHandshakeAreRefused() throws Exception {
        try (ServerSocket server = loopbackServer()) {
            peerThread.submit(() -> {
                try (Socket socket = server.accept()) {
                    DataInputStream in = new DataInputStream(socket.getInputStream());
                    in.readNBytes(4);
                    readCommand(in);
                    ByteArrayOutputStream opening = new ByteArrayOutputStream();
                    opening.writeBytes(frame(0, "{\"tls_v1\":true}"));
                    opening.writeBytes(frame(0, "OK"));
                    socket.getOutputStream().write(opening.toByteArray());
                    return in.read(); // until the client closes
                }
            });
            try (V2Connection connection = V2Connection.connect(address(server), OPTIONS)) {
                IOException refused = assertThrows(IOException.class,
                        () -> connection.negotiate("{\"feature_negotiation\":true,\"tls_v1\":true}", SSLContext.getDefault()));
                assertTrue(refused.getMessage().contains("before the TLS handshake"), refused.getMessage());
            }
        } finally {
            peerThread.shutdownNow();
        }
    }

    @Test
    void aReadTimeoutInsideAFrameLosesNothing() throws Exception {
        try (ServerSocket server = loopbackServer();
             V2Connection connection = V2Connection.connectRaw(address(server), V2Connection.Options.standard(200));
             Socket peer = server.accept()) {
            byte[] ok = frame(0, "half and half");
            peer.getOutputStream().write(ok, 0, 6);
            assertThrows(SocketTimeoutException.class, () -> connection.frames().next());
            peer.getOutputStream().write(ok, 6, ok.length - 6);
            assertTrue(connection.frames().next());
            assertEquals("half and half", connection.frames().text());
            assertFalse(connection.frames().isOk());
            peer.getOutputStream().write(frame(1, "E_INVALID"));
            peer.shutdownOutput();
            assertTrue(connection.frames().next());
            assertTrue(connection.frames().isError());
            assertTrue(connection.frames().atEnd());
        }
    }

    @Test
    void responseSkipsHeartbeatsAndRefusesErrors() throws Exception {
        try (ServerSocket server = loopbackServer();
             V2Connection connection = V2Connection.connectRaw(address(server), OPTIONS);
             Socket peer = server.accept()) {
            ByteArrayOutputStream frames = new ByteArrayOutputStream();
            frames.writeBytes(frame(0, "_heartbeat_"));
            frames.writeBytes(frame(0, "OK"));
            frames.writeBytes(frame(1, "E_BAD_TOPIC bad"));
            peer.getOutputStream().write(frames.toByteArray());
            connection.expectOk("SUB");
            IOException refused = assertThrows(IOException.class, () -> connection.response("PUB"));
            assertEquals("PUB refused: E_BAD_TOPIC bad", refused.getMessage());
        }
    }

    private static ServerSocket loopbackServer() throws IOException {
        return new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    }

    private static InetSocketAddress address(ServerSocket server) {
        return (InetSocketAddress) server.getLocalSocketAddress();
    }

    /** A command line and its size-prefixed body, as text. */
    private static String readCommand(DataInputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b; (b = in.read()) != '\n'; ) {
            if (b < 0) {
                throw new IOException("closed inside a command");
            }
            line.write(b);
        }
        byte[] body = in.readNBytes(in.readInt());
        return line.toString(StandardCharsets.US_ASCII) + "\n" + new String(body, StandardCharsets.UTF_8);
    }

    private static byte[] frame(int type, String text) {
        byte[] data = text.getBytes(StandardCharsets.UTF_8);
        byte[] frame = new byte[8 + data.length];
        V2Commands.putInt(frame, 0, 4 + data.length);
        V2Commands.putInt(frame, 4, type);
        System.arraycopy(data, 0, frame, 8, data.length);
        return frame;
    }

    private static byte[] messageFrame(String body) {
        byte[] data = body.getBytes(StandardCharsets.UTF_8);
        byte[] frame = new byte[8 + 26 + data.length];
        V2Commands.putInt(frame, 0, 4 + 26 + data.length);
        V2Commands.putInt(frame, 4, 2);
        V2Commands.putLong(frame, 8, System.currentTimeMillis() * 1_000_000L);
        frame[17] = 1;
        System.arraycopy("0123456789abcdef".getBytes(StandardCharsets.US_ASCII), 0, frame, 18, 16);
        System.arraycopy(data, 0, frame, 34, data.length);
        return frame;
    }

    /** The peer's side of one compression, in the libraries' own streams. */
    private static final class Codec {
        private final String compression;
        private final InputStream socketIn;
        private final ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        private final OutputStream compressor;

        Codec(String compression, Socket socket) throws IOException {
            this.compression = compression;
            this.socketIn = socket.getInputStream();
            this.compressor = compression.equals("snappy") ? new SnappyFramedOutputStream(compressed)
                    : new DeflaterOutputStream(compressed, new Deflater(3, true), 512, true);
        }

        byte[] compress(byte[] plain) throws IOException {
            compressor.write(plain);
            compressor.flush();
            byte[] bytes = compressed.toByteArray();
            compressed.reset();
            return bytes;
        }

        InputStream decompressing() throws IOException {
            return compression.equals("snappy") ? new SnappyFramedInputStream(socketIn)
                    : new InflaterInputStream(socketIn, new Inflater(true), 512);
        }
    }
}
