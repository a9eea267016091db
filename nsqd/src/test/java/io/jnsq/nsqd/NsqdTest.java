package io.jnsq.nsqd;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A real Nsqd on an ephemeral port, spoken to over a plain socket. */
@Timeout(30)
class NsqdTest {

    /** Size 18 (type + "E_BAD_PROTOCOL"), frame type 1 (error), then the code; verified against nsqd. */
    static final byte[] BAD_PROTOCOL_FRAME = concat(
            new byte[] {0, 0, 0, 0x12, 0, 0, 0, 1}, "E_BAD_PROTOCOL".getBytes(StandardCharsets.US_ASCII));

    @TempDir
    Path dataPath;

    private static Nsqd start(Path dataPath, String... extraArgs) throws Exception {
        String[] args = new String[3 + extraArgs.length];
        args[0] = "--tcp-address=127.0.0.1:0";
        args[1] = "--http-address=";
        args[2] = "--data-path=" + dataPath;
        System.arraycopy(extraArgs, 0, args, 3, extraArgs.length);
        Nsqd nsqd = new Nsqd(OptionsResolver.resolve(args));
        nsqd.start();
        return nsqd;
    }

    @Test
    void anUnknownMagicGetsAFramedBadProtocolErrorThenEof() throws Exception {
        try (Nsqd nsqd = start(dataPath); Socket socket = connect(nsqd.tcpAddress())) {
            socket.getOutputStream().write("  V1".getBytes(StandardCharsets.US_ASCII));
            assertArrayEquals(BAD_PROTOCOL_FRAME, socket.getInputStream().readAllBytes());
        }
    }

    @Test
    void listensOnTheAddressItWasGivenWithTheOsChosenPort() throws Exception {
        try (Nsqd nsqd = start(dataPath)) {
            assertEquals("127.0.0.1", nsqd.tcpAddress().getAddress().getHostAddress());
            assertTrue(nsqd.tcpAddress().getPort() > 0);
        }
    }

    @Test
    void closeStopsListeningAndIsHarmlessTwice() throws Exception {
        Nsqd nsqd = start(dataPath);
        InetSocketAddress address = nsqd.tcpAddress();
        nsqd.close();
        nsqd.close();
        assertThrows(ConnectException.class, () -> connect(address).close());
        assertThrows(IllegalStateException.class, nsqd::start);
    }

    @Test
    void aSecondNsqdCannotTakeARunningOnesDataPath() throws Exception {
        try (Nsqd first = start(dataPath)) {
            StartupException e = assertThrows(StartupException.class, () -> start(dataPath).close());
            assertEquals("failed to lock data-path: cannot flock directory " + dataPath
                    + " - resource temporarily unavailable (possibly in use by another instance of nsqd)", e.getMessage());
            // the failed attempt must not have released the first one's lock
            assertThrows(StartupException.class, () -> start(dataPath).close());
            assertTrue(first.tcpAddress().getPort() > 0);
        }
        start(dataPath).close();
    }

    @Test
    void aMissingDataPathIsCreated() throws Exception {
        Path nested = dataPath.resolve("a/b");
        start(nested).close();
        assertTrue(Files.isRegularFile(nested.resolve(DataPathLock.FILE_NAME)));
    }

    @Test
    void aTakenPortFailsStartupAndFreesTheDataPath() throws Exception {
        try (Nsqd first = start(dataPath)) {
            Path otherPath = dataPath.resolve("other");
            String taken = "127.0.0.1:" + first.tcpAddress().getPort();
            Nsqd second = new Nsqd(OptionsResolver.resolve("--tcp-address=" + taken, "--http-address=", "--data-path=" + otherPath));
            StartupException e = assertThrows(StartupException.class, second::start);
            assertTrue(e.getMessage().startsWith("listen (" + taken + ") failed - "), e.getMessage());
            start(otherPath).close();
        }
    }

    @Test
    void anAddressThatIsNeitherHostPortNorPathFailsStartup() throws Exception {
        Nsqd nsqd = new Nsqd(OptionsResolver.resolve("--tcp-address=127.0.0.1:http", "--http-address=", "--data-path=" + dataPath));
        StartupException e = assertThrows(StartupException.class, nsqd::start);
        assertTrue(e.getMessage().startsWith("listen (127.0.0.1:http) failed - "), e.getMessage());
    }

    /** With a read timeout, so a server that never closes fails the read instead of hanging it. */
    static Socket connect(InetSocketAddress address) throws IOException {
        Socket socket = new Socket();
        socket.connect(address, 5_000);
        socket.setSoTimeout(5_000);
        return socket;
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = new byte[first.length + second.length];
        System.arraycopy(first, 0, both, 0, first.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }
}
