package io.jnsq.nsqd;

import io.jnsq.broker.wire.WireClient;
import io.jnsq.broker.wire.WireClient.Delivery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * nsqd in its own JVM, killed with SIGKILL while holding acknowledged messages, some of them in flight,
 * then restarted on the same data path.
 */
@Timeout(120)
class CrashRecoveryTest {

    private static final int PUBLISHED = 500;
    private static final int DELIVERED_BEFORE_CRASH = 50;
    private static final int FINISHED_BEFORE_CRASH = 20;

    @TempDir
    Path dataPath;

    @Test
    void durableModeDeliversEveryAcknowledgedMessageAfterKillNine() throws Exception {
        Set<String> finished = publishConsumeSomeAndCrash("--mem-queue-size=0", "--sync-every=1");
        Set<String> afterRestart = drainAfterRestart("--mem-queue-size=0", "--sync-every=1");
        for (int i = 0; i < PUBLISHED; i++) {
            String body = "job-" + i;
            assertTrue(finished.contains(body) || afterRestart.contains(body), "acknowledged " + body + " was lost");
        }
    }

    /** Sixteen publishers share each group commit; the process dies between two of them. */
    @Test
    void durableModeLosesNoAcknowledgedMessageWhenKilledAmidGroupCommits() throws Exception {
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        try (NsqdProcess nsqd = NsqdProcess.start(args("--mem-queue-size=0", "--sync-every=1"))) {
            InetSocketAddress address = nsqd.awaitTcpAddress();
            try (WireClient channelKeeper = WireClient.connect(address)) {
                channelKeeper.subscribe("jobs", "workers");
                int publishers = 16;
                CountDownLatch enough = new CountDownLatch(3000);
                ExecutorService threads = Executors.newFixedThreadPool(publishers);
                for (int p = 0; p < publishers; p++) {
                    int publisher = p;
                    threads.execute(() -> {
                        try (WireClient producer = WireClient.connect(address)) {
                            for (int i = 0; ; i++) {
                                String body = "p" + publisher + "-" + i;
                                producer.pub("jobs", body).expectResponse("OK");
                                acknowledged.add(body);
                                enough.countDown();
                            }
                        } catch (Exception | AssertionError killed) {
                            // the connection died with the process: what was not answered OK does not count
                        }
                    });
                }
                assertTrue(enough.await(60, TimeUnit.SECONDS), "publishers got going");
                nsqd.kill();
                threads.shutdown();
                assertTrue(threads.awaitTermination(30, TimeUnit.SECONDS));
            }
        }
        Set<String> afterRestart = drainAfterRestart("--mem-queue-size=0", "--sync-every=1");
        Set<String> lost = new HashSet<>(acknowledged);
        lost.removeAll(afterRestart);
        System.out.println("durable mode, 16 publishers killed mid-run: " + acknowledged.size()
                + " acknowledged, " + afterRestart.size() + " delivered after restart, " + lost.size() + " lost");
        assertEquals(Set.of(), lost, "acknowledged messages lost");
    }

    @Test
    void defaultModeLosesWhatWasOnlyInMemoryAndSaysHowMuch() throws Exception {
        Set<String> finished = publishConsumeSomeAndCrash();
        Set<String> afterRestart = drainAfterRestart();
        int lost = PUBLISHED - finished.size() - afterRestart.size();
        System.out.println("default mode (--mem-queue-size=10000): " + lost + " of " + PUBLISHED
                + " acknowledged messages lost to kill -9 (" + finished.size() + " finished before, "
                + afterRestart.size() + " delivered after restart)");
        // nothing overflowed to disk, so everything unfinished was in memory only, as in nsqd
        assertEquals(PUBLISHED - FINISHED_BEFORE_CRASH, lost);
    }

    @Test
    void sigtermKeepsEveryUnfinishedMessageInDefaultMode() throws Exception {
        Set<String> finished = publishConsumeSomeAndStop(true);
        Set<String> afterRestart = drainAfterRestart();
        assertEquals(PUBLISHED - FINISHED_BEFORE_CRASH, afterRestart.size(), "memory and in-flight messages come back");
        afterRestart.addAll(finished);
        assertEquals(PUBLISHED, afterRestart.size());
    }

    private Set<String> publishConsumeSomeAndCrash(String... mode) throws Exception {
        return publishConsumeSomeAndStop(false, mode);
    }

    /** Publishes with acknowledgements, takes some messages (finishing a few), then stops or kills nsqd. */
    private Set<String> publishConsumeSomeAndStop(boolean graceful, String... mode) throws Exception {
        Set<String> finished = new HashSet<>();
        try (NsqdProcess nsqd = NsqdProcess.start(args(mode))) {
            InetSocketAddress address = nsqd.awaitTcpAddress();
            try (WireClient consumer = WireClient.connect(address); WireClient producer = WireClient.connect(address)) {
                consumer.subscribe("jobs", "workers");
                // most one PUB each, the last hundred as one MPUB (one group commit in durable mode)
                int batched = 100;
                for (int i = 0; i < PUBLISHED - batched; i++) {
                    producer.pub("jobs", "job-" + i).expectResponse("OK");
                }
                List<byte[]> batch = new ArrayList<>();
                for (int i = PUBLISHED - batched; i < PUBLISHED; i++) {
                    batch.add(("job-" + i).getBytes(StandardCharsets.UTF_8));
                }
                producer.sendWithBody("MPUB jobs", WireClient.mpubBody(batch)).expectResponse("OK");
                consumer.send("RDY " + DELIVERED_BEFORE_CRASH);
                for (int i = 0; i < DELIVERED_BEFORE_CRASH; i++) {
                    Delivery delivery = consumer.readMessage();
                    if (i < FINISHED_BEFORE_CRASH) {
                        consumer.send("FIN " + delivery.id());
                        finished.add(delivery.text());
                    }
                }
                // commands on a connection run in order: once this PUB is answered, the FINs are done.
                // Messages sent meanwhile (FINs free RDY slots) stay unfinished, in flight.
                consumer.send("RDY 0");
                consumer.pub("jobs-barrier", "x");
                WireClient.Frame frame;
                do {
                    frame = consumer.readFrame();
                } while (frame.type() == WireClient.Frame.MESSAGE);
                assertEquals("OK", frame.text());
                if (graceful) {
                    nsqd.process().destroy(); // SIGTERM
                    assertEquals(0, nsqd.process().waitFor(), nsqd.output()::toString);
                } else {
                    nsqd.kill();
                }
            }
        }
        return finished;
    }

    private Set<String> drainAfterRestart(String... mode) throws Exception {
        Set<String> received = new HashSet<>();
        try (NsqdProcess nsqd = NsqdProcess.start(args(mode))) {
            try (WireClient consumer = WireClient.connect(nsqd.awaitTcpAddress())) {
                consumer.subscribe("jobs", "workers");
                consumer.send("RDY 1000");
                consumer.readTimeout(2000);
                try {
                    while (true) {
                        Delivery delivery = consumer.readMessage();
                        received.add(delivery.text());
                        consumer.send("FIN " + delivery.id());
                    }
                } catch (SocketTimeoutException drained) {
                    // nothing more within two seconds
                }
            }
        }
        return received;
    }

    private String[] args(String... mode) {
        String[] base = {"--tcp-address=127.0.0.1:0", "--http-address=", "--data-path=" + dataPath};
        String[] all = new String[base.length + mode.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(mode, 0, all, base.length, mode.length);
        return all;
    }
}
