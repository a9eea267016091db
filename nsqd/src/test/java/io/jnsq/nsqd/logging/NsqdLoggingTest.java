package io.jnsq.nsqd.logging;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** nsqd's logging on Logback in this JVM: levels, formats, and a stderr that stops draining. */
@Timeout(30)
class NsqdLoggingTest {

    private static final Logger LOG = LoggerFactory.getLogger("io.jnsq.test.Logging");
    private static final Logger NETTY = LoggerFactory.getLogger("io.netty.test.Logging");

    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

    private String written() {
        return stderr.toString(StandardCharsets.UTF_8);
    }

    @Test
    void linesAreWrittenInTheChosenFormatByTheTimeItCloses() {
        try (NsqdLogging ignored = NsqdLogging.install(stderr, LoggingConfig.builder().prefix("[q] ").build())) {
            LOG.info("first {}", 1);
            LOG.warn("second");
        }
        String[] lines = written().split("\n");
        assertEquals(2, lines.length, written());
        assertTrue(lines[0].matches("\\[q] \\d{4}/\\d\\d/\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{6} INFO: first 1"), lines[0]);
        assertTrue(lines[1].endsWith(" WARNING: second"), lines[1]);

        stderr.reset();
        try (NsqdLogging ignored = NsqdLogging.install(stderr, LoggingConfig.builder().format(LogFormat.JSON).build())) {
            LOG.info("as json");
        }
        assertTrue(written().matches("\\{\"ts\":\"[^\"]+Z\",\"level\":\"INFO\",\"msg\":\"as json\",.*}\n"), written());
    }

    @Test
    void theLevelIsSetAtInstallAndChangedLater() {
        try (NsqdLogging logging = NsqdLogging.install(stderr, LoggingConfig.builder().level(LogLevel.INFO).build())) {
            LOG.debug("hidden at info");
            logging.setLevel(LogLevel.DEBUG);
            LOG.debug("shown at debug");
            // nsqd's debug lines only: other libraries stay at INFO
            NETTY.debug("library chatter");
            logging.setLevel(LogLevel.INFO);
            LOG.debug("hidden again");
            logging.setLevel(LogLevel.FATAL);
            LOG.warn("hidden at fatal");
            LOG.error("errors still shown at fatal");
        }
        assertFalse(written().contains("hidden"), written());
        assertFalse(written().contains("chatter"), written());
        assertTrue(written().contains(" DEBUG: shown at debug\n"), written());
        assertTrue(written().contains(" ERROR: errors still shown at fatal\n"), written());
    }

    @Test
    void closingPutsBackWhatWasThere() {
        ch.qos.logback.classic.Logger root = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
        var levelBefore = root.getLevel();
        var appenderBefore = root.iteratorForAppenders().next();
        try (NsqdLogging ignored = NsqdLogging.install(stderr, LoggingConfig.builder().level(LogLevel.DEBUG).build())) {
            assertFalse(root.isAttached(appenderBefore));
        }
        assertEquals(levelBefore, root.getLevel());
        assertTrue(root.isAttached(appenderBefore));
        LOG.warn("after close");
        assertEquals("", written());
    }

    /**
     * stderr stops draining (a full pipe): threads that log go on at once, INFO lines are dropped once
     * the queue is nearly full, and a warning logged after the flood still gets through.
     */
    @Test
    void aStalledStderrNeitherBlocksLoggingNorLosesTheWarningAfterAFlood() throws Exception {
        StalledStream stalled = new StalledStream();
        NsqdLogging logging = NsqdLogging.install(stalled, LoggingConfig.defaults());
        try {
            assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
                for (int i = 0; i < 5 * NsqdLogging.QUEUE_SIZE; i++) {
                    LOG.info("flood {}", i);
                }
                LOG.warn("the warning after the flood");
            });
        } finally {
            stalled.drain();
            logging.close();
        }
        String written = stalled.written();
        assertTrue(written.endsWith(" WARNING: the warning after the flood\n"), () -> written.substring(Math.max(0, written.length() - 300)));
        long floodLines = written.lines().filter(line -> line.contains(" INFO: flood ")).count();
        assertTrue(floodLines < 5L * NsqdLogging.QUEUE_SIZE, "INFO lines were dropped, not waited for: " + floodLines);
    }

    /** Holds every write until {@link #drain()}; then writes go through. */
    private static final class StalledStream extends OutputStream {
        private final CountDownLatch drained = new CountDownLatch(1);
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override
        public void write(int b) {
            write(new byte[]{(byte) b}, 0, 1);
        }

        /** Like a write to a full pipe: an interrupt does not end it (Logback interrupts its worker to stop it). */
        @Override
        public void write(byte[] b, int off, int len) {
            boolean interrupted = false;
            while (drained.getCount() > 0) {
                try {
                    drained.await();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            synchronized (bytes) {
                bytes.write(b, off, len);
            }
        }

        void drain() {
            drained.countDown();
        }

        String written() {
            synchronized (bytes) {
                return bytes.toString(StandardCharsets.UTF_8);
            }
        }
    }
}
