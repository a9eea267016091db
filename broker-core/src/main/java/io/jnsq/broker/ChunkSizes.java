package io.jnsq.broker;

import com.sun.management.HotSpotDiagnosticMXBean;

import java.lang.management.ManagementFactory;

/**
 * The sizes of the large arrays memory queues pack records into: doubling from a few KiB, so that a
 * short queue stays small, up to {@link #MAX_CHUNK_BYTES}, so that a deep one allocates few arrays.
 *
 * <p>The largest must be one the G1 collector allocates as a humongous object, straight into the old
 * generation, never copied by a young collection (which is why deep queues are packed at all). That is
 * half a heap region or more; regions grow with the heap (4 MiB by default at 6 GB, 16 MiB at 18 GB), so
 * the size follows the region size the JVM chose, filling a whole region.
 */
final class ChunkSizes {

    private static final int FIRST_CHUNK_BYTES = 4 * 1024;
    /**
     * Chunks are a power of two minus this, so that with the array header they fill whole G1 regions
     * (a 4 MiB array would spill 16 bytes into a second region and waste it).
     */
    private static final int HEADROOM_BYTES = 64;
    private static final int DEFAULT_MAX_CHUNK_BYTES = 8 * 1024 * 1024;
    static final int MAX_CHUNK_BYTES = Math.max(DEFAULT_MAX_CHUNK_BYTES, g1RegionBytes());

    private int next = FIRST_CHUNK_BYTES;

    /** The length of the next array, at least {@code minBytes}. */
    int next(int minBytes) {
        int length = Math.max(next - HEADROOM_BYTES, minBytes);
        next = Math.min(next * 2, MAX_CHUNK_BYTES);
        return length;
    }

    /** Start small again: the queue emptied. */
    void reset() {
        next = FIRST_CHUNK_BYTES;
    }

    /** 0 when the JVM runs another collector or does not say. */
    private static int g1RegionBytes() {
        try {
            HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            if (vm == null || !Boolean.parseBoolean(vm.getVMOption("UseG1GC").getValue())) {
                return 0;
            }
            long region = Long.parseLong(vm.getVMOption("G1HeapRegionSize").getValue());
            return (int) Math.min(region, 1 << 30);
        } catch (RuntimeException unknown) {
            return 0;
        }
    }
}
