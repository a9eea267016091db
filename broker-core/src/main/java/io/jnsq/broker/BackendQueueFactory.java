package io.jnsq.broker;

import io.jnsq.broker.queue.BackendQueue;

/** Opens the backend of a durable topic ({@code name}) or channel ({@code topic:channel}). */
@FunctionalInterface
public interface BackendQueueFactory {

    BackendQueue open(String queueName);
}
