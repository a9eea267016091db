package io.jnsq.junit;

import io.jnsq.nsqd.Nsqd;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * What the extension leaves behind, seen from outside: sample test classes run through the JUnit
 * launcher, in parallel or failing, then the threads and ports they used are checked.
 */
@Timeout(60)
class IsolationTest {

    /** The samples report here: the ports of the broker each test saw. */
    static final Map<String, List<Integer>> SEEN = new ConcurrentHashMap<>();
    static final CyclicBarrier BOTH_RUNNING = new CyclicBarrier(2);

    @NsqdTest
    static class FirstParallelSample {
        @Test
        void runs(Nsqd nsqd) throws InterruptedException, BrokenBarrierException, TimeoutException {
            SEEN.put("first", ports(nsqd));
            BOTH_RUNNING.await(20, TimeUnit.SECONDS); // only passes when the other class runs at the same time
        }
    }

    @NsqdTest
    static class SecondParallelSample {
        @Test
        void runs(Nsqd nsqd) throws InterruptedException, BrokenBarrierException, TimeoutException {
            SEEN.put("second", ports(nsqd));
            BOTH_RUNNING.await(20, TimeUnit.SECONDS);
        }
    }

    @NsqdTest(lifecycle = NsqdTest.Lifecycle.PER_TEST)
    static class FailingPerTestSample {
        @Test
        void fails(Nsqd nsqd) {
            SEEN.put("per-test", ports(nsqd));
            nsqd.local().publish("t", "left behind");
            throw new AssertionError("this test fails on purpose");
        }
    }

    @NsqdTest
    static class FailingPerClassSample {
        @Test
        void fails(Nsqd nsqd) {
            SEEN.put("per-class", ports(nsqd));
            throw new IllegalStateException("this test fails on purpose");
        }
    }

    private static List<Integer> ports(Nsqd nsqd) {
        return List.of(nsqd.tcpAddress().getPort(), nsqd.httpAddress().getPort());
    }

    private static TestExecutionSummary run(Map<String, String> parameters, Class<?>... classes) {
        LauncherDiscoveryRequestBuilder request = LauncherDiscoveryRequestBuilder.request()
                .selectors(java.util.Arrays.stream(classes).map(c -> selectClass(c)).toList())
                .configurationParameters(parameters);
        LauncherDiscoveryRequest built = request.build();
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        launcher.execute(built, summary);
        return summary.getSummary();
    }

    private static Set<String> brokerThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(name -> name.startsWith("nsqd-") || name.startsWith("jnsq-")).collect(Collectors.toSet());
    }

    @Test
    void parallelTestClassesEachGetTheirOwnBroker() {
        SEEN.clear();
        TestExecutionSummary summary = run(Map.of(
                "junit.jupiter.execution.parallel.enabled", "true",
                "junit.jupiter.execution.parallel.mode.classes.default", "concurrent",
                "junit.jupiter.execution.parallel.config.strategy", "fixed",
                "junit.jupiter.execution.parallel.config.fixed.parallelism", "2"),
                FirstParallelSample.class, SecondParallelSample.class);
        assertEquals(2, summary.getTestsSucceededCount(), () -> failures(summary));
        assertNotEquals(SEEN.get("first"), SEEN.get("second"), "two brokers, on ports of their own");
    }

    @Test
    void aFailingTestLeavesNoThreadOrPortBehind() throws IOException {
        SEEN.clear();
        Set<String> before = brokerThreads();
        TestExecutionSummary summary = run(Map.of(), FailingPerTestSample.class, FailingPerClassSample.class);
        assertEquals(2, summary.getTestsFailedCount(), () -> failures(summary));

        await().atMost(Duration.ofSeconds(5)).until(() -> before.containsAll(brokerThreads()));
        for (List<Integer> ports : List.of(SEEN.get("per-test"), SEEN.get("per-class"))) {
            for (int port : ports) {
                try (ServerSocket free = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                    assertEquals(port, free.getLocalPort(), "the port is free again");
                }
            }
        }
    }

    private static String failures(TestExecutionSummary summary) {
        return summary.getFailures().stream().map(f -> f.getTestIdentifier().getDisplayName() + ": " + f.getException())
                .collect(Collectors.joining("\n"));
    }
}
