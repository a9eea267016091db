package io.jnsq.benchmarks.load;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

    @Test
    @Timeout(30)
    void pacedPublishersKeepToTheRate() {
        // 2,000 msgs/s for 1 s in batches of 20: 100 batches are due, 50 per connection, 20 ms apart
        String report = run("--sink", "--mode=pub", "--rate=2000", "--batch=20", "--publishers=2", "--duration=1s");
        long published = messages(report, "publish");
        assertTrue(published <= 2000, "the schedule never runs ahead\n" + report);
        assertTrue(published >= 500, "a loaded machine may lag, not by this much\n" + report);
        assertTrue(report.contains("target 2,000 msgs/s, achieved"), report);
    }

    @Test
    @Timeout(30)
    void pacedPublishersStopAtTheCount() {
        String report = run("--sink", "--mode=pub", "--rate=10000", "--count=730", "--batch=100", "--publishers=3", "--duration=10s");
        assertEquals(730, messages(report, "publish"), report);
    }

    @Test
    @Timeout(30)
    void pacedSinglePublishesPipelineWithinTheBound() {
        String report = run("--sink", "--mode=pub", "--rate=5000", "--batch=1", "--max-in-flight=4", "--publishers=1", "--duration=500ms");
        long published = messages(report, "publish");
        assertTrue(published > 0 && published <= 2500, report);
    }

    @Test
    @Timeout(30)
    void pacedPubsubReportsRateAndLatencyAfterTheWarmUp() {
        String report = run("--sink", "--mode=pubsub", "--rate=2000", "--batch=10", "--publishers=1", "--consumers=1",
                "--duration=1s", "--warmup=200ms");
        assertTrue(report.contains("target 2,000 msgs/s"), report);
        assertTrue(report.contains("p99.9") && report.contains("after 200 ms warm-up"), report);
    }
}
