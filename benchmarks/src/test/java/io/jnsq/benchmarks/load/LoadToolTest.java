package io.jnsq.benchmarks.load;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The tool end to end against its own in-process sink: short runs, real sockets on loopback. */
class LoadToolTest {

    private static final Pattern RATE = Pattern.compile("(publish|consume)\\s+([\\d,]+) msgs");

    private static String run(String... args) {
        ByteArrayOutputStream report = new ByteArrayOutputStream();
        boolean succeeded = LoadTool.run(LoadOptions.parse(args), new PrintStream(report, true, StandardCharsets.UTF_8));
        String text = report.toString(StandardCharsets.UTF_8);
        assertTrue(succeeded, text);
        return text;
    }

    private static long messages(String report, String side) {
        Matcher matcher = RATE.matcher(report);
        while (matcher.find()) {
            if (matcher.group(1).equals(side)) {
                return Long.parseLong(matcher.group(2).replace(",", ""));
            }
        }
        throw new AssertionError("no " + side + " line in\n" + report);
    }

    @Test
    @Timeout(30)
    void publishesAndConsumesAgainstTheSinkWithLatency() {
        String report = run("--sink", "--mode=pubsub", "--duration=300ms", "--publishers=1", "--consumers=1");
        assertTrue(messages(report, "publish") > 0, report);
        assertTrue(messages(report, "consume") > 0, report);
        assertTrue(report.contains("latency"), report);
    }

    @Test
    @Timeout(30)
    void stopsPublishingAtTheCount() {
        String report = run("--sink", "--mode=pub", "--count=1000", "--batch=300", "--duration=10s", "--publishers=2");
        assertTrue(messages(report, "publish") == 1000, report);
    }

    @Test
    @Timeout(30)
    void sendsOnePubPerRoundTripWithBatchOne() {
        String report = run("--sink", "--mode=pub", "--batch=1", "--duration=200ms", "--publishers=1");
        assertTrue(report.contains("(PUB)") && messages(report, "publish") > 0, report);
    }
}
