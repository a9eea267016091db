package io.jnsq.nsqd;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;

/** The real {@code main} running in a child JVM, as an operator or init system runs nsqd. */
final class NsqdProcess implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("TCP: listening on 127\\.0\\.0\\.1:(\\d+)");
    private static final Pattern HTTP_LISTENING = Pattern.compile("HTTP: listening on 127\\.0\\.0\\.1:(\\d+)");

    private final Process process;
    private final List<String> output = new CopyOnWriteArrayList<>();

    private NsqdProcess(Process process) {
        this.process = process;
        Thread reader = new Thread(this::collectOutput, "nsqd-child-output");
        reader.setDaemon(true);
        reader.start();
    }

    static NsqdProcess start(String... args) throws IOException {
        return startWithJvmOptions(List.of(), args);
    }

    /**
     * With options for the child JVM, e.g. a small fixed heap; the child's Netty leak detector runs at
     * {@code paranoid}, as in every test JVM (its reports land in {@link #output()}).
     */
    static NsqdProcess startWithJvmOptions(List<String> jvmOptions, String... args) throws IOException {
        return launch(Stream.concat(Stream.concat(Stream.of("-Dio.netty.leakDetection.level=paranoid"), jvmOptions.stream()),
                Stream.of("-cp", System.getProperty("java.class.path"), Main.class.getName())), args);
    }

    /**
     * Started through util-linux {@code prlimit} with a soft RLIMIT_FSIZE of {@code maxFileBytes} (hard
     * limit unlimited, so {@link #liftFileSizeLimit} needs no privilege): a write that would take any
     * file past it fails with EFBIG ("File too large"), which the JVM sees as an IOException since it
     * ignores SIGXFSZ. A full disk, for one process, without mounting anything.
     */
    static NsqdProcess startWithFileSizeLimit(long maxFileBytes, String... args) throws IOException {
        List<String> command = Stream.of(Stream.of("prlimit", "--fsize=" + maxFileBytes + ":unlimited",
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp", System.getProperty("java.class.path"), Main.class.getName()), Stream.of(args))
                .flatMap(s -> s).toList();
        return new NsqdProcess(new ProcessBuilder(command).redirectErrorStream(true).start());
    }

    /** Whether {@code prlimit} can be run here. */
    static boolean prlimitAvailable() {
        try {
            return new ProcessBuilder("prlimit", "--version").redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** Space comes back: the file size limit of the running child (prlimit execs, so it is this pid) goes. */
    void liftFileSizeLimit() throws IOException, InterruptedException {
        Process lift = new ProcessBuilder("prlimit", "--pid", Long.toString(process.pid()), "--fsize=unlimited:unlimited")
                .redirectErrorStream(true).start();
        String said = new String(lift.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (lift.waitFor() != 0) {
            throw new IOException("prlimit failed: " + said);
        }
    }

    /**
     * The shaded jar users run, as the README runs it ({@code java -XX:+ExitOnOutOfMemoryError -jar nsqd.jar}):
     * what the test class path cannot show is in it.
     */
    static NsqdProcess startJar(Path jar, String... args) throws IOException {
        return launch(Stream.of("-XX:+ExitOnOutOfMemoryError", "-jar", jar.toString()), args);
    }

    private static NsqdProcess launch(Stream<String> launcher, String... args) throws IOException {
        List<String> command = Stream.of(Stream.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()),
                launcher, Stream.of(args)).flatMap(s -> s).toList();
        return new NsqdProcess(new ProcessBuilder(command).redirectErrorStream(true).start());
    }

    Process process() {
        return process;
    }

    /** Everything the child printed so far, a line each. */
    List<String> output() {
        return output;
    }

    /** Waits for the {@code TCP: listening on} line and returns that address. */
    InetSocketAddress awaitTcpAddress() {
        int port = await().atMost(Duration.ofSeconds(30)).until(this::listeningPort, found -> found > 0);
        return new InetSocketAddress("127.0.0.1", port);
    }

    /** Waits for the {@code HTTP: listening on} line and returns that address. */
    InetSocketAddress awaitHttpAddress() {
        int port = await().atMost(Duration.ofSeconds(30)).until(() -> listeningPort(HTTP_LISTENING), found -> found > 0);
        return new InetSocketAddress("127.0.0.1", port);
    }

    /** SIGKILL: no shutdown hook, no flush; what is not on disk is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }

    private void collectOutput() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            lines.lines().forEach(output::add);
        } catch (IOException | UncheckedIOException e) {
            output.add("(output unreadable: " + e + ")");
        }
    }

    /** The port nsqd logged, 0 while it has not yet. */
    private int listeningPort() {
        return listeningPort(LISTENING);
    }

    private int listeningPort(Pattern listening) {
        if (!process.isAlive()) {
            throw new AssertionError("nsqd exited with " + process.exitValue() + ": " + output);
        }
        return output.stream().map(listening::matcher).filter(Matcher::find)
                .mapToInt(match -> Integer.parseInt(match.group(1))).findFirst().orElse(0);
    }
}
