package io.jnsq.protocol.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LeakCheckExtensionTest {

    @Test
    void aBufferDroppedWithoutReleaseIsReported() {
        leakOneBuffer();
        java.util.List<String> reports = LeakCheckExtension.collect();
        assertFalse(reports.isEmpty(), "the leak detector saw nothing; is -Dio.netty.customResourceLeakDetector set?");
        assertTrue(reports.get(0).startsWith("LEAK: ByteBuf.release() was not called"), reports.get(0));
    }

    private static void leakOneBuffer() {
        ByteBuf leaked = PooledByteBufAllocator.DEFAULT.directBuffer(16);
        leaked.writeInt(42);
    }
}
