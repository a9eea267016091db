package io.jnsq.nsqd;

import io.jnsq.broker.Version;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The real {@code main} in its own JVM, stopped the way an init system stops nsqd. */
@Timeout(60)
class MainProcessTest {

    private static final Pattern LISTENING = Pattern.compile("TCP: listening on 127\\.0\\.0\\.1:(\\d+)");

    @TempDir
    Path dataPath;

    private Process process;
    private final List<String> output = new CopyOnWriteArrayList<>();

    @AfterEach
    void killLeftovers() {
        if (process != null) {
            process.destroyForcibly();
        }
    }

    @Test
    void sigtermStopsNsqdWithExitCodeZero() throws Exception {
        start("--tcp-address=127.0.0.1:0", "--http-address=", "--data-path=" + dataPath, "--log-prefix=[it's] ");
        int port = awaitListeningPort();
        assertTrue(output.stream().anyMatch(line -> line.contains(Version.describe())), output::toString);
        assertTrue(output.stream().anyMatch(line -> line.matches("\\[it's] \\d{4}/\\d\\d/\\d\\d [0-9:.]+ INFO ID: \\d+")),
                output::toString);

        try (Socket socket = NsqdTest.connect(new InetSocketAddress("127.0.0.1", port))) {
            socket.getOutputStream().write("  V1".getBytes(StandardCharsets.US_ASCII));
            assertArrayEquals(NsqdTest.BAD_PROTOCOL_FRAME, socket.getInputStream().readAllBytes());
        }
        // the child's lock holds against another process too
        Nsqd rival = new Nsqd(OptionsResolver.resolve("--tcp-address=127.0.0.1:0", "--data-path=" + dataPath));
        assertThrows(StartupException.class, rival::start);

        process.destroy(); // SIGTERM
        assertTrue(process.waitFor(10, TimeUnit.SECONDS), "nsqd still running 10 s after SIGTERM");
        assertEquals(0, process.exitValue(), output::toString);
    }

    @Test
    void aStartupFailureIsFatalWithExitCodeOne() throws Exception {
        try (Nsqd holder = new Nsqd(OptionsResolver.resolve("--tcp-address=127.0.0.1:0", "--data-path=" + dataPath))) {
            holder.start();
            start("--tcp-address=127.0.0.1:0", "--http-address=", "--data-path=" + dataPath);
            assertTrue(process.waitFor(20, TimeUnit.SECONDS), "nsqd did not give up");
            assertEquals(1, process.exitValue(), output::toString);
            await().atMost(Duration.ofSeconds(5)).until(() -> output.stream()
                    .anyMatch(line -> line.contains(" FATAL: failed to lock data-path: cannot flock directory " + dataPath)));
        }
    }

    private void start(String... args) throws IOException {
        List<String> command = Stream.concat(
                Stream.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp", System.getProperty("java.class.path"), Main.class.getName()),
                Stream.of(args)).toList();
        process = new ProcessBuilder(command).redirectErrorStream(true).start();
        Thread reader = new Thread(this::collectOutput, "nsqd-child-output");
        reader.setDaemon(true);
        reader.start();
    }

    private void collectOutput() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            lines.lines().forEach(output::add);
        } catch (IOException | UncheckedIOException e) {
            output.add("(output unreadable: " + e + ")");
        }
    }

    private int awaitListeningPort() {
        return await().atMost(Duration.ofSeconds(30)).until(this::listeningPort, port -> port > 0);
    }

    /** The port nsqd logged, 0 while it has not yet. */
    private int listeningPort() {
        if (!process.isAlive()) {
            throw new AssertionError("nsqd exited with " + process.exitValue() + ": " + output);
        }
        return output.stream().map(LISTENING::matcher).filter(Matcher::find)
                .mapToInt(match -> Integer.parseInt(match.group(1))).findFirst().orElse(0);
    }
}
