package io.jnsq.nsqd;

import io.jnsq.broker.Version;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The real {@code main} in its own JVM, stopped the way an init system stops nsqd. */
@Timeout(60)
class MainProcessTest {

    @TempDir
    Path dataPath;

    private NsqdProcess nsqd;

    @AfterEach
    void killLeftovers() throws InterruptedException {
        if (nsqd != null) {
            nsqd.kill();
        }
    }

    @Test
    void sigtermStopsNsqdWithExitCodeZero() throws Exception {
        nsqd = NsqdProcess.start("--tcp-address=127.0.0.1:0", "--http-address=", "--data-path=" + dataPath, "--log-prefix=[it's] ",
                "--verbose", "--worker-id");
        int port = nsqd.awaitTcpAddress().getPort();
        List<String> output = nsqd.output();
        Process process = nsqd.process();
        assertTrue(output.stream().anyMatch(line -> line.contains(Version.describe())), output::toString);
        assertTrue(output.stream().anyMatch(line -> line.matches("\\[it's] \\d{4}/\\d\\d/\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{6} INFO: ID: \\d+")),
                output::toString);
        // deprecated flags nsqd ignores silently are named, once each
        assertEquals(1, output.stream().filter(line -> line.endsWith(" WARNING: --verbose is deprecated and has no effect")).count(),
                output::toString);
        assertEquals(1, output.stream().filter(line -> line.endsWith(" WARNING: --worker-id is deprecated and has no effect")).count(),
                output::toString);
        // started without the README's -XX:+ExitOnOutOfMemoryError: said once
        assertEquals(1, output.stream().filter(line -> line.contains(" WARNING: the JVM was started without -XX:+ExitOnOutOfMemoryError")).count(),
                output::toString);

        try (Socket socket = NsqdTest.connect(new InetSocketAddress("127.0.0.1", port))) {
            socket.getOutputStream().write("  V1".getBytes(StandardCharsets.US_ASCII));
            assertArrayEquals(NsqdTest.BAD_PROTOCOL_FRAME, socket.getInputStream().readAllBytes());
        }
        // the child's lock holds against another process too
        Nsqd rival = new Nsqd(OptionsResolver.resolve("--tcp-address=127.0.0.1:0", "--http-address=", "--data-path=" + dataPath));
        assertThrows(StartupException.class, rival::start);

        process.destroy(); // SIGTERM
        assertTrue(process.waitFor(10, TimeUnit.SECONDS), "nsqd still running 10 s after SIGTERM");
        assertEquals(0, process.exitValue(), output::toString);
    }

    @Test
    void aStartupFailureIsFatalWithExitCodeOne() throws Exception {
        try (Nsqd holder = new Nsqd(OptionsResolver.resolve("--tcp-address=127.0.0.1:0", "--http-address=", "--data-path=" + dataPath))) {
            holder.start();
            nsqd = NsqdProcess.start("--tcp-address=127.0.0.1:0", "--http-address=", "--data-path=" + dataPath);
            List<String> output = nsqd.output();
            Process process = nsqd.process();
            assertTrue(process.waitFor(20, TimeUnit.SECONDS), "nsqd did not give up");
            assertEquals(1, process.exitValue(), output::toString);
            await().atMost(Duration.ofSeconds(5)).until(() -> output.stream()
                    .anyMatch(line -> line.contains(" FATAL: failed to lock data-path: cannot flock directory " + dataPath)));
        }
    }
}
