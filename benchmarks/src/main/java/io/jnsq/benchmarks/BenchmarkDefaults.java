package io.jnsq.benchmarks;

import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * What every jnsq benchmark shares (JMH inherits these class annotations): throughput in operations
 * per second; one fork with a fixed heap; Netty's leak detector off, because its sampling costs show
 * up in allocation-heavy paths and production does not run with it; and JMH's workers running as
 * Netty event-loop-like threads ({@link FastThreadLocalExecutor}) so buffers are pooled as they are on
 * a connection. Command-line options ({@code -f -wi -i -w -r}) override the counts and times.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g",
        "-Dio.netty.leakDetection.level=disabled",
        "-Djmh.executor=CUSTOM", "-Djmh.executor.class=io.jnsq.benchmarks.FastThreadLocalExecutor"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
public abstract class BenchmarkDefaults {

    /** The in-process consumers' message timeout: long enough that nothing times out during a run. */
    protected static final long MSG_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(60);
}
