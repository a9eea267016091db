package io.jnsq.protocol.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.List;

/**
 * Fails a test class when Netty reported a leaked buffer while it ran. Registered for every test class
 * through JUnit's extension auto-detection (the parent pom turns it on; this jar's
 * {@code META-INF/services} lists it).
 */
public final class LeakCheckExtension implements AfterAllCallback {

    @Override
    public void afterAll(ExtensionContext context) {
        List<String> reports = collect();
        if (!reports.isEmpty()) {
            throw new AssertionError(reports.size() + " Netty buffer leak(s) in " + context.getDisplayName()
                    + ":\n" + String.join("\n\n", reports));
        }
    }

    /** For engines JUnit extensions do not reach (jqwik): fails when Netty reported a leak so far. */
    public static void assertNoLeaks(String where) {
        List<String> reports = collect();
        if (!reports.isEmpty()) {
            throw new AssertionError(reports.size() + " Netty buffer leak(s) in " + where + ":\n"
                    + String.join("\n\n", reports));
        }
    }

    /** Leaks surface when the detector polls its reference queue, which it does on each new allocation. */
    static List<String> collect() {
        for (int round = 0; round < 3; round++) {
            System.gc();
            System.runFinalization();
            allocateAndRelease();
        }
        return RecordingLeakDetector.drainReports();
    }

    private static void allocateAndRelease() {
        for (int i = 0; i < 64; i++) {
            ByteBuf pooled = PooledByteBufAllocator.DEFAULT.directBuffer(8);
            ByteBuf heap = UnpooledByteBufAllocator.DEFAULT.heapBuffer(8);
            pooled.release();
            heap.release();
        }
    }
}
