package io.jnsq.benchmarks;

import io.jnsq.broker.Broker;
import io.jnsq.broker.BrokerListener;
import io.jnsq.broker.config.BrokerConfig;
import io.jnsq.broker.queue.DiscardingBackendQueue;

/**
 * A broker whose topics and channels never touch the disk: what overflows memory is dropped. The
 * benchmarks size the memory queues so that nothing overflows, and measure the in-memory path only.
 */
public final class MemoryOnlyBroker {

    private MemoryOnlyBroker() {
    }

    public static Broker create(BrokerConfig config) {
        return new Broker(config, name -> new DiscardingBackendQueue(), BrokerListener.NONE);
    }
}
