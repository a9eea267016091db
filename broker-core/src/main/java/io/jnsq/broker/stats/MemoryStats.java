package io.jnsq.broker.stats;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;

/**
 * The {@code memory} block of {@code /stats}, Go runtime numbers mapped to the JVM's nearest ones
 * (nsqadmin does not read them; people and statsd do):
 * <ul>
 *   <li>{@code heap_objects}: 0, the JVM does not count live objects cheaply</li>
 *   <li>{@code heap_idle_bytes}: heap committed but unused</li>
 *   <li>{@code heap_in_use_bytes}: heap used</li>
 *   <li>{@code heap_released_bytes}: heap the JVM may grow into but has not committed (max − committed)</li>
 *   <li>{@code gc_pause_usec_100/99/95}: over the last 256 stop-the-world pauses</li>
 *   <li>{@code next_gc_bytes}: heap committed, the size at which the collector must run again</li>
 *   <li>{@code gc_total_runs}: collections of every collector</li>
 * </ul>
 */
public record MemoryStats(long heapObjects, long heapIdleBytes, long heapInUseBytes, long heapReleasedBytes,
                   long gcPauseUsec100, long gcPauseUsec99, long gcPauseUsec95, long nextGcBytes, long gcTotalRuns) {

    public static MemoryStats read(GcPauses pauses) {
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        long committed = heap.getCommitted();
        long used = heap.getUsed();
        long released = heap.getMax() < 0 ? 0 : Math.max(0, heap.getMax() - committed);
        long runs = 0;
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            runs += Math.max(0, collector.getCollectionCount());
        }
        return new MemoryStats(0, Math.max(0, committed - used), used, released,
                pauses.percentileMicros(100), pauses.percentileMicros(99), pauses.percentileMicros(95),
                committed, runs);
    }
}
