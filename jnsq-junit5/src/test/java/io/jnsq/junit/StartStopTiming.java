package io.jnsq.junit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.jnsq.nsqd.Nsqd;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * Measures the extension's own start and stop times (its DEBUG lines) over sample classes run through the
 * JUnit launcher: a per-test class of {@value #RUNS} tests, and a per-class class run {@value #RUNS} times.
 * Not a test: {@code java -cp <test class path> io.jnsq.junit.StartStopTiming}, on a quiet machine.
 */
public final class StartStopTiming {

    static final int RUNS = 40;
    private static final Pattern MICROS = Pattern.compile(" (started|stopped) in (\\d+) µs");

    @NsqdTest(lifecycle = NsqdTest.Lifecycle.PER_TEST)
    static class PerTestSample {
        @RepeatedTest(RUNS)
        void publishes(Nsqd nsqd) {
            nsqd.local().publish("t", "m");
        }
    }

    @NsqdTest
    static class PerClassSample {
        @Test
        void publishes(Nsqd nsqd) {
            nsqd.local().publish("t", "m");
        }
    }

    public static void main(String[] args) {
        Logger extensionLog = (Logger) LoggerFactory.getLogger(NsqdExtension.class);
        extensionLog.setLevel(Level.DEBUG);
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        extensionLog.addAppender(lines);
        Launcher launcher = LauncherFactory.create();

        launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(PerTestSample.class)).build());
        report("per test", lines);
        lines.list.clear();
        for (int i = 0; i < RUNS; i++) {
            launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(PerClassSample.class)).build());
        }
        report("per class", lines);
    }

    private static void report(String lifecycle, ListAppender<ILoggingEvent> lines) {
        List<Long> starts = new ArrayList<>();
        List<Long> stops = new ArrayList<>();
        for (ILoggingEvent line : lines.list) {
            Matcher matcher = MICROS.matcher(line.getFormattedMessage());
            if (matcher.find()) {
                (matcher.group(1).equals("started") ? starts : stops).add(Long.parseLong(matcher.group(2)));
            }
        }
        System.out.printf("%s: first start %.1f ms, stop %.1f ms; after the first (%d): start median %.1f ms, p90 %.1f ms, max %.1f ms;"
                        + " stop median %.1f ms, p90 %.1f ms, max %.1f ms%n",
                lifecycle, starts.get(0) / 1000.0, stops.get(0) / 1000.0, starts.size() - 1,
                percentile(starts, 50), percentile(starts, 90), percentile(starts, 100),
                percentile(stops, 50), percentile(stops, 90), percentile(stops, 100));
    }

    /** Of the runs after the first, which pays for class loading. */
    private static double percentile(List<Long> micros, int percent) {
        List<Long> warm = micros.subList(1, micros.size()).stream().sorted().toList();
        int index = Math.min(warm.size() - 1, (int) Math.ceil(percent / 100.0 * warm.size()) - 1);
        return warm.get(Math.max(0, index)) / 1000.0;
    }
}
