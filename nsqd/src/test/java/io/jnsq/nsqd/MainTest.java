package io.jnsq.nsqd;

import io.jnsq.broker.Version;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Main's answers that come before anything starts: help, version, bad flags, bad options. */
@Timeout(30) // a regression that gets as far as starting would block in run()
class MainTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return new Main(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))
                .run(args);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void versionPrintsNsqdsLineAndExitsZero() {
        assertEquals(0, run("--version"));
        String expected = "nsqd v1.3.0 (built w/java" + System.getProperty("java.version") + ")";
        assertEquals(expected + System.lineSeparator(), out());
        assertEquals(expected, Version.describe());
    }

    @Test
    void helpPrintsUsageAndExitsZero() {
        assertEquals(0, run("--help"));
        assertTrue(out().startsWith("Usage of nsqd:\n"), out());
        assertEquals("", err());
    }

    @Test
    void helpMentionsEveryFlagWithItsHelp() {
        run("--help");
        String usage = out();
        for (Flag<?> flag : NsqdFlags.ALL) {
            String type = flag.type().typeName().isEmpty() ? "" : " " + flag.type().typeName();
            assertTrue(usage.contains("\n  -" + flag.name() + type + "\n    \t" + flag.help()), flag.name());
        }
    }

    @Test
    void helpShowsNonZeroDefaultsGoStyle() {
        run("-h");
        String usage = out();
        assertTrue(usage.contains("  -tcp-address string\n    \taddress to listen on for TCP clients "
                + "(<addr>:<port>; unix socket paths are not supported yet) (default \"0.0.0.0:4150\")\n"), usage);
        assertTrue(usage.contains("  -msg-timeout duration\n    \tdefault duration to wait before auto-requeing a message (default 1m0s)\n"));
        assertTrue(usage.contains("  -max-req-timeout duration\n    \tmaximum requeuing timeout for a message (default 1h0m0s)\n"));
        assertTrue(usage.contains("  -min-output-buffer-timeout duration\n    \tminimum client configurable duration of time between flushing to a client (default 25ms)\n"));
        assertTrue(usage.contains("  -mem-queue-size int\n    \tnumber of messages to keep in memory (per topic/channel) (default 10000)\n"));
        assertTrue(usage.contains("  -snappy\n    \tenable snappy feature negotiation (client compression) (default true)\n"));
        assertTrue(usage.contains("  -log-level value\n    \tset log verbosity: debug, info, warn, error, or fatal (default INFO)\n"));
        assertTrue(usage.contains("  -tls-min-version value\n    \tminimum SSL/TLS version acceptable ('tls1.0', 'tls1.1', 'tls1.2' or 'tls1.3') (default tls1.0)\n"));
        assertTrue(usage.contains("  -node-id int\n    \tunique part for message IDs, (int) in range [0,1024) (default is hash of hostname) (default "
                + NsqdConfig.defaults().messages().nodeId() + ")\n"));
        // zero values print no default, as in Go
        assertTrue(usage.contains("  -tls-required\n    \trequire TLS for client connections (true, false, tcp-https)\n"));
        assertTrue(usage.contains("  -data-path string\n    \tpath to store disk-backed messages\n"));
        assertTrue(usage.contains("  -statsd-exclude-ephemeral\n    \tSkip ephemeral topics and channels when sending stats to statsd\n"));
    }

    @Test
    void helpListsFlagsInNameOrder() {
        run("--help");
        List<String> names = out().lines().filter(line -> line.startsWith("  -"))
                .map(line -> line.substring(3).split(" ")[0]).toList();
        assertEquals(names.stream().sorted().toList(), names);
        assertEquals(NsqdFlags.ALL.size(), names.size());
    }

    @Test
    void anUnknownFlagPrintsTheErrorAndUsageAndExitsTwo() {
        assertEquals(2, run("--tcp-adress=127.0.0.1:0"));
        assertTrue(err().startsWith("flag provided but not defined: -tcp-adress\nUsage of nsqd:\n"), err());
        assertEquals("", out());
    }

    @Test
    void invalidOptionsAreFatalWithExitOne() {
        assertEquals(1, run("--max-deflate-level=12"));
        assertTrue(err().matches("\\[nsqd] \\d{4}/\\d\\d/\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{6} FATAL: --max-deflate-level must be \\[1,9]\\n"), err());
    }

    @Test
    void anUnknownLogFormatIsABadFlagNamedWithTheChoices() {
        assertEquals(2, run("--log-format=xml"));
        assertTrue(err().startsWith("invalid value \"xml\" for flag -log-format: invalid log format 'xml' (text, json)\nUsage of nsqd:\n"),
                err());
        assertEquals("", out());
    }
}
