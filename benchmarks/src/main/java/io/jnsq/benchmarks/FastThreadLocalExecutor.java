package io.jnsq.benchmarks;

import io.netty.util.concurrent.DefaultThreadFactory;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * JMH's worker threads as Netty {@code FastThreadLocalThread}s, like the event loops that run jnsq's
 * codecs. Netty 4.2 pools buffer objects ({@code Recycler}) and keeps allocator caches only on such
 * threads; on JMH's plain threads every pooled buffer would cost a fresh wrapper object, which no
 * connection pays. Installed through JMH's {@code -Djmh.executor=CUSTOM} hook (see
 * {@link BenchmarkDefaults}), which calls the {@code (int, String)} constructor.
 */
public final class FastThreadLocalExecutor extends ThreadPoolExecutor {

    public FastThreadLocalExecutor(int threads, String namePrefix) {
        super(threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                new DefaultThreadFactory(namePrefix, true));
    }
}
