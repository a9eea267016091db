package io.jnsq.server.http;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import static io.jnsq.server.http.PubTest.assertAnswer;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The JVM counterparts of nsqd's {@code /debug/pprof}: plain text, no nsq header. */
@Timeout(60)
class DebugTest {

    @TempDir
    Path dataPath;
    private TestNode node;
    private HttpTestClient http;

    @BeforeEach
    void start() throws InterruptedException {
        node = TestNode.start(dataPath);
        http = node.client();
    }

    @AfterEach
    void stop() {
        ManagementFactory.getThreadMXBean().setThreadContentionMonitoringEnabled(false);
        node.close();
    }

    @Test
    void threadDumpShowsEveryThreadsStack() throws Exception {
        HttpResponse<String> dump = http.get("/debug/pprof/goroutine");
        assertEquals(200, dump.statusCode());
        assertEquals(Optional.of("text/plain; charset=utf-8"), dump.headers().firstValue("Content-Type"));
        assertEquals(Optional.empty(), dump.headers().firstValue("X-Nsq-Content-Type"));
        assertTrue(dump.body().contains("\"jnsq-http-io-"), dump.body());
        assertTrue(dump.body().contains("io.jnsq.server.http.api.ThreadDump.all("), dump.body());
    }

    @Test
    void heapAndThreadSummaries() throws Exception {
        assertTrue(http.get("/debug/pprof/heap").body().startsWith("heap: used="));
        assertTrue(http.get("/debug/pprof/threadcreate").body().startsWith("live "));
        assertTrue(http.get("/debug/pprof/").body().contains("/debug/jfr/start"));
        assertFalse(http.get("/debug/pprof/cmdline").body().isEmpty());
    }

    @Test
    void setBlockRateTurnsContentionTimingOnAndOff() throws Exception {
        assertAnswer(400, "invalid block rate : strconv.Atoi: parsing \"x\": invalid syntax", http.put("/debug/setblockrate?rate=x", ""));
        HttpResponse<String> on = http.put("/debug/setblockrate?rate=1", "");
        assertAnswer(200, "", on);
        assertEquals(Optional.empty(), on.headers().firstValue("Content-Type"));
        assertTrue(http.get("/debug/pprof/block").body().contains(" blocked="));
        assertAnswer(200, "", http.put("/debug/setblockrate?rate=0", ""));
        assertTrue(http.get("/debug/pprof/block").body().startsWith("thread contention timing is off"));
    }

    @Test
    void freeMemoryAnswersEmpty() throws Exception {
        assertAnswer(200, "", http.post("/debug/freememory"));
    }

    @Test
    void jfrRecordingIsWrittenUnderTheDataPath() throws Exception {
        assertAnswer(400, "invalid duration : time: unknown unit \"x\" in duration \"1x\"", http.post("/debug/jfr/start?duration=1x"));
        HttpResponse<String> started = http.post("/debug/jfr/start?duration=1s");
        assertEquals(200, started.statusCode(), started.body());
        Path recording = Path.of(started.body().strip());
        assertEquals(dataPath.toAbsolutePath(), recording.getParent());
        assertTrue(recording.getFileName().toString().endsWith(".jfr"));
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(recording) && Files.size(recording) > 0);
    }
}
