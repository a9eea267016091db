package io.jnsq.benchmarks.codec;

import io.netty.buffer.AdaptiveByteBufAllocator;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;

/** The allocator a benchmark's {@code allocator} parameter names. */
final class Allocators {

    private Allocators() {
    }

    static ByteBufAllocator named(String name) {
        return switch (name) {
            // Netty 4.2's default, so what jnsq's connections allocate from unless configured otherwise
            case "adaptive" -> new AdaptiveByteBufAllocator();
            case "pooled" -> PooledByteBufAllocator.DEFAULT;
            // no leak tracking, no cleaner: the cheapest unpooled allocator Netty has
            case "unpooled" -> new UnpooledByteBufAllocator(true, true);
            default -> throw new IllegalArgumentException("allocator must be adaptive, pooled or unpooled, got " + name);
        };
    }
}
