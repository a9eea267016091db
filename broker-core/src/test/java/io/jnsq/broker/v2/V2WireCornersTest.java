package io.jnsq.broker.v2;

import io.jnsq.broker.wire.V2TestServer;
import io.jnsq.broker.wire.WireClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The corners where a byte-exact comparison with nsqd found differences. */
@Timeout(30)
class V2WireCornersTest {

    @TempDir
    Path dataPath;
    private V2TestServer server;

    @BeforeEach
    void start() throws Exception {
        server = new V2TestServer(V2TestServer.config(dataPath).build());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private void expectErrorBytes(byte[] sent, byte[] expected) throws Exception {
        try (WireClient client = server.connect()) {
            client.write(sent);
            WireClient.Frame frame = client.readFrame();
            assertEquals(WireClient.Frame.ERROR, frame.type());
            assertArrayEquals(expected, frame.data(), () -> new String(frame.data(), StandardCharsets.ISO_8859_1));
            client.expectEof();
        }
    }

    @Test
    void invalidCommandEchoesTheRawBytes() throws Exception {
        byte[] name = {0x07, (byte) 0x8a, (byte) 0xc3, (byte) 0xa9};
        expectErrorBytes(concat(name, ascii("\n")), concat(ascii("E_INVALID invalid command "), name));
    }

    @Test
    void quotedNamesKeepValidUtf8AndEscapeTheRest() throws Exception {
        // "é" is printable: Go's %q keeps its two bytes; 0x8a alone is not UTF-8: \x8a
        byte[] topic = {'a', (byte) 0xc3, (byte) 0xa9, (byte) 0x8a, 0x07};
        expectErrorBytes(concat(ascii("PUB "), topic, ascii("\n")),
                concat(ascii("E_BAD_TOPIC PUB topic name \"a"), new byte[] {(byte) 0xc3, (byte) 0xa9},
                        ascii("\\x8a\\a\" is not valid")));
    }

    @Test
    void unparsableNumbersEchoTheRawBytes() throws Exception {
        try (WireClient client = server.connect()) {
            client.send("SUB t c").expectResponse("OK");
            client.write(concat(ascii("RDY "), new byte[] {(byte) 0xff, (byte) 0x80}, ascii("\n")));
            WireClient.Frame frame = client.readFrame();
            assertArrayEquals(concat(ascii("E_INVALID RDY could not parse count "), new byte[] {(byte) 0xff, (byte) 0x80}),
                    frame.data());
        }
    }

    @Test
    void identifyAcceptsInvalidUtf8InStrings() throws Exception {
        try (WireClient client = server.connect()) {
            byte[] json = concat(ascii("{\"client_id\":\"a"), new byte[] {(byte) 0xff, (byte) 0xc3}, ascii("b\"}"));
            client.write(WireClient.commandWithBody("IDENTIFY", json)).expectResponse("OK");
            client.send("NOP").expectSilence(100);
        }
    }

    @Test
    void identifyAcceptsNestingToGosLimit() throws Exception {
        try (WireClient client = server.connect()) {
            client.write(WireClient.commandWithBody("IDENTIFY", nested(5000))).expectResponse("OK");
        }
        try (WireClient client = server.connect()) {
            // Go counts the object itself: 9999 arrays inside it are 10000 levels
            client.write(WireClient.commandWithBody("IDENTIFY", nested(9999))).expectResponse("OK");
        }
        try (WireClient client = server.connect()) {
            client.write(WireClient.commandWithBody("IDENTIFY", nested(10000)))
                    .expectFatal("E_BAD_BODY IDENTIFY failed to decode JSON body");
        }
    }

    /** {@code {"x":[[...]]}} with {@code arrays} arrays: one more level of nesting than arrays. */
    private static byte[] nested(int arrays) {
        return ("{\"x\":" + "[".repeat(arrays) + "]".repeat(arrays) + "}").getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void afterAFatalErrorTheClientReadsTheFrameThenEofNotAReset() throws Exception {
        try (Socket socket = new Socket()) {
            socket.connect(server.address(), 5000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            // the refused command and 256 KiB pipelined behind it, written before reading anything
            ByteArrayOutputStream sent = new ByteArrayOutputStream();
            sent.writeBytes(WireClient.MAGIC_V2);
            sent.writeBytes(ascii("BOGUS\n"));
            for (int i = 0; i < 4096; i++) {
                sent.writeBytes(ascii("NOP " + "x".repeat(58) + "\n"));
            }
            out.write(sent.toByteArray());
            out.flush();
            // read only once the refusal is here: the server has refused and half-closed with our bytes still arriving
            DataInputStream in = new DataInputStream(socket.getInputStream());
            await().atMost(Duration.ofSeconds(5)).until(() -> in.available() > 0);
            int size = in.readInt();
            assertEquals(1, in.readInt());
            byte[] text = new byte[size - 4];
            in.readFully(text);
            assertEquals("E_INVALID invalid command BOGUS", new String(text, StandardCharsets.US_ASCII));
            InputStream raw = socket.getInputStream();
            assertEquals(-1, raw.read(), "EOF (a FIN), not a reset");
        }
    }
}
