package io.jnsq.nsqd;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Flags jnsq does not honour stop startup, naming the flag, instead of being silently ignored. */
@Timeout(30) // a refusal that regressed would start nsqd and block in Main.run
class FlagRefusalTest {

    @TempDir
    Path directory;

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--queue-scan-worker-pool-max=8|--queue-scan-worker-pool-max (config file: queue_scan_worker_pool_max) means nothing in jnsq, which checks every channel for timed-out and deferred messages every 100ms: leave it at nsqd's default",
            "--queue-scan-selection-count=40|--queue-scan-selection-count (config file: queue_scan_selection_count) means nothing in jnsq, which checks every channel for timed-out and deferred messages every 100ms: leave it at nsqd's default",
            "--enable-experiment=topology-aware-consumption|--enable-experiment (config file: enable_experiment) is not supported yet: jnsq has no topology-aware consumption",
            "--tcp-address=/tmp/nsqd.sock|--tcp-address (config file: tcp_address) is a unix socket path, which jnsq does not support yet: give <addr>:<port>",
            "--http-address=nsqd-http.sock|--http-address (config file: http_address) is a unix socket path, which jnsq does not support yet: give <addr>:<port>",
            "--https-address=/run/nsqd/https|--https-address (config file: https_address) is a unix socket path, which jnsq does not support yet: give <addr>:<port>",
    })
    void aRefusedFlagIsFatalWithExitCodeOneAndNamesIt(String flag, String message) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exitCode = new Main(new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8))
                .run("--data-path=" + directory, flag);
        assertEquals(1, exitCode);
        String fatal = err.toString(StandardCharsets.UTF_8);
        assertTrue(fatal.matches("\\[nsqd] \\d{4}/\\d\\d/\\d\\d [0-9:.]+ FATAL: \\Q" + message + "\\E\\R"), fatal);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "queue_scan_worker_pool_max = 8|--queue-scan-worker-pool-max (config file: queue_scan_worker_pool_max)",
            "enable_experiment = [\"topology-aware-consumption\"]|--enable-experiment (config file: enable_experiment)",
            "tcp_address = \"/tmp/nsqd.sock\"|--tcp-address (config file: tcp_address)",
    })
    void aRefusedConfigKeyIsNamedToo(String toml, String named) throws IOException {
        Path file = Files.writeString(directory.resolve("nsqd.toml"), toml);
        StartupException refusal = assertThrows(StartupException.class, () -> OptionsResolver.resolve("--config=" + file));
        assertTrue(refusal.getMessage().startsWith(named + " "), refusal.getMessage());
    }

    @Test
    void nsqdsDefaultsGivenExplicitlyAreAccepted() {
        assertDoesNotThrow(() -> OptionsResolver.resolve("--queue-scan-worker-pool-max=4", "--queue-scan-selection-count=20",
                "--broadcast-tcp-port=0", "--broadcast-http-port=0", "--statsd-address=", "--tcp-address=127.0.0.1:5150",
                "--http-address=", "--https-address="));
    }

    @Test
    void statsdSettingsWithoutAnAddressChangeNothingAndAreAccepted() {
        assertDoesNotThrow(() -> OptionsResolver.resolve("--statsd-interval=10s", "--statsd-prefix=jnsq", "--statsd-mem-stats=false",
                "--statsd-udp-packet-size=1400", "--statsd-exclude-ephemeral"));
    }

    @Test
    void anUnknownClientAuthPolicyIsRefusedNotIgnored() {
        StartupException refusal = assertThrows(StartupException.class, () -> OptionsResolver.resolve(
                "--tls-cert=c.pem", "--tls-key=k.pem", "--tls-client-auth-policy=optional"));
        assertEquals("failed to build TLS config - invalid tls-client-auth-policy \"optional\" (require, require-verify)",
                refusal.getMessage());
    }

    @Test
    void helpMarksEveryFlagThatRefusesAllButItsDefault() {
        for (Flag<?> flag : NsqdFlags.ALL) {
            if (flag.refusal() != null && !flag.name().endsWith("-address")) {
                assertTrue(flag.help().endsWith(" (not supported yet)"), flag.name());
            }
        }
        for (String listener : new String[] {"tcp-address", "http-address"}) {
            Flag<?> flag = NsqdFlags.ALL.stream().filter(f -> f.name().equals(listener)).findFirst().orElseThrow();
            assertTrue(flag.help().contains("unix socket paths are not supported yet"), listener);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1:5150", "0.0.0.0:0", ":5150", "[::1]:5150", "[::]:0", "localhost:", "example.com:http"})
    void textGoSplitsAsHostPortIsNoUnixSocket(String address) {
        assertFalse(ListenAddress.isUnixSocketPath(address));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/tmp/nsqd.sock", "nsqd.sock", "localhost", "::1:5150", "[::1]", "[::1]x:5150", "a]:5150"})
    void anythingElseIsAUnixSocketPathAsNsqdSeesIt(String address) {
        assertTrue(ListenAddress.isUnixSocketPath(address));
    }

    @Test
    void noListenerIsNoPath() {
        assertFalse(ListenAddress.isUnixSocketPath(""));
    }
}
