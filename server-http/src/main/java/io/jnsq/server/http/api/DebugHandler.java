package io.jnsq.server.http.api;

import io.jnsq.broker.GoDuration;
import io.jnsq.broker.Broker;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryUsage;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;

/**
 * {@code /debug/…}: JVM counterparts of nsqd's Go profiling endpoints, plain text for people.
 * <ul>
 *   <li>{@code GET /debug/pprof/} lists them</li>
 *   <li>{@code GET /debug/pprof/goroutine}: every thread's stack (jstack-style)</li>
 *   <li>{@code GET /debug/pprof/heap}: heap, memory pools, collectors, buffer pools</li>
 *   <li>{@code GET /debug/pprof/threadcreate}: live, peak, daemon and started thread counts</li>
 *   <li>{@code GET /debug/pprof/block}: per-thread blocked and waited time, once {@code setblockrate} turned it on</li>
 *   <li>{@code GET /debug/pprof/cmdline}: the JVM's command line</li>
 *   <li>{@code POST /debug/jfr/start?duration=30s}: a Java Flight Recorder recording ({@code profile}
 *       settings) written under {@code --data-path}; answers the file's path</li>
 *   <li>{@code PUT /debug/setblockrate?rate=N}: N &gt; 0 turns on thread contention timing, 0 turns it off</li>
 *   <li>{@code POST /debug/freememory}: asks for a full GC</li>
 * </ul>
 */
final class DebugHandler {

    private static final Logger log = LoggerFactory.getLogger(DebugHandler.class);
    private static final Duration DEFAULT_RECORDING = Duration.ofSeconds(30);
    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("uuuuMMdd-HHmmss.SSS");

    private final Broker broker;

    DebugHandler(Broker broker) {
        this.broker = broker;
    }

    ApiResponse index(ApiRequest request) {
        return ApiResponse.text("jnsq debug endpoints (JVM counterparts of Go's pprof):\n"
                + "GET  /debug/pprof/goroutine     thread dump\n"
                + "GET  /debug/pprof/heap          heap, memory pools, collectors, buffer pools\n"
                + "GET  /debug/pprof/threadcreate  thread counts\n"
                + "GET  /debug/pprof/block         blocked/waited time per thread (after PUT /debug/setblockrate?rate=1)\n"
                + "GET  /debug/pprof/cmdline       JVM command line\n"
                + "POST /debug/jfr/start?duration=30s  Java Flight Recorder recording under --data-path\n"
                + "PUT  /debug/setblockrate?rate=N thread contention timing on (N>0) or off (0)\n"
                + "POST /debug/freememory          full GC\n");
    }

    ApiResponse threads(ApiRequest request) {
        return ApiResponse.text(ThreadDump.all());
    }

    ApiResponse heap(ApiRequest request) {
        StringBuilder out = new StringBuilder(2048);
        line(out, "heap", ManagementFactory.getMemoryMXBean().getHeapMemoryUsage());
        line(out, "non-heap", ManagementFactory.getMemoryMXBean().getNonHeapMemoryUsage());
        out.append('\n');
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            line(out, "pool " + pool.getName() + " (" + pool.getType() + ")", pool.getUsage());
        }
        out.append('\n');
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            out.append("gc ").append(collector.getName()).append(": collections=").append(collector.getCollectionCount())
                    .append(" time_ms=").append(collector.getCollectionTime()).append('\n');
        }
        out.append('\n');
        for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            out.append("buffers ").append(pool.getName()).append(": count=").append(pool.getCount())
                    .append(" used=").append(pool.getMemoryUsed()).append(" capacity=").append(pool.getTotalCapacity()).append('\n');
        }
        return ApiResponse.text(out.toString());
    }

    private static void line(StringBuilder out, String name, MemoryUsage usage) {
        out.append(name).append(": used=").append(usage.getUsed()).append(" committed=").append(usage.getCommitted())
                .append(" max=").append(usage.getMax()).append('\n');
    }

    ApiResponse threadCounts(ApiRequest request) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        return ApiResponse.text("live " + threads.getThreadCount() + "\n"
                + "peak " + threads.getPeakThreadCount() + "\n"
                + "daemon " + threads.getDaemonThreadCount() + "\n"
                + "started " + threads.getTotalStartedThreadCount() + "\n");
    }

    ApiResponse blocking(ApiRequest request) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        if (!threads.isThreadContentionMonitoringEnabled()) {
            return ApiResponse.text("thread contention timing is off: PUT /debug/setblockrate?rate=1 to turn it on\n");
        }
        ThreadInfo[] infos = threads.getThreadInfo(threads.getAllThreadIds(), 0);
        StringBuilder out = new StringBuilder();
        Arrays.stream(infos).filter(info -> info != null)
                .sorted(Comparator.comparingLong(ThreadInfo::getBlockedTime).reversed())
                .forEach(info -> out.append('"').append(info.getThreadName()).append("\" blocked=")
                        .append(info.getBlockedCount()).append('/').append(info.getBlockedTime()).append("ms waited=")
                        .append(info.getWaitedCount()).append('/').append(info.getWaitedTime()).append("ms\n"));
        return ApiResponse.text(out.toString());
    }

    ApiResponse commandLine(ApiRequest request) {
        return ApiResponse.text(ProcessHandle.current().info().commandLine()
                .orElseGet(() -> String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments())));
    }

    /** Starts a recording that stops and writes itself after {@code duration} (Go syntax, default 30s). */
    ApiResponse startRecording(ApiRequest request) throws ApiError {
        String durationText = request.query().first("duration").orElse(null);
        Duration duration = DEFAULT_RECORDING;
        if (durationText != null) {
            try {
                duration = GoDuration.parse(durationText);
            } catch (IllegalArgumentException e) {
                throw new ApiError(400, "invalid duration : " + e.getMessage());
            }
            if (duration.isNegative() || duration.isZero()) {
                throw new ApiError(400, "invalid duration : must be positive");
            }
        }
        // a memory-only node records into the working directory: asked for, as nsqd's own profiles are
        Path file = broker.config().queues().dataPath().orElse(Path.of(""))
                .resolve("jnsq-" + FILE_TIME.format(LocalDateTime.now()) + ".jfr").toAbsolutePath();
        try {
            Recording recording = new Recording(Configuration.getConfiguration("profile"));
            recording.setName("jnsq " + file.getFileName());
            recording.setToDisk(true);
            recording.setDestination(file);
            recording.setDuration(duration);
            recording.start();
        } catch (IOException | ParseException | RuntimeException e) {
            log.error("cannot start a JFR recording - {}", e.toString());
            throw new ApiError(500, "cannot start recording : " + e.getMessage());
        }
        log.info("JFR: recording {} to {}", duration, file);
        return ApiResponse.text(file + "\n");
    }

    /** Go sets its block profile rate; the JVM's counterpart is on/off thread contention timing. */
    ApiResponse setBlockRate(ApiRequest request) throws ApiError {
        String rate = request.query().firstOrEmpty("rate");
        int value;
        try {
            value = Integer.parseInt(rate);
        } catch (NumberFormatException e) {
            throw new ApiError(400, "invalid block rate : strconv.Atoi: parsing \"" + rate + "\": invalid syntax");
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        if (threads.isThreadContentionMonitoringSupported()) {
            threads.setThreadContentionMonitoringEnabled(value > 0);
        }
        return ApiResponse.empty();
    }

    ApiResponse freeMemory(ApiRequest request) {
        long start = System.nanoTime();
        System.gc();
        log.info("freememory: full GC requested, took {}ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        return ApiResponse.empty();
    }
}
