package io.jnsq.broker;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Where a topic created at runtime learns the channels it has elsewhere in the cluster (nsqlookupd's
 * {@code /channels}), so that they exist here before it delivers its first message: a message published
 * to a node that never saw the topic still reaches every channel consumers read elsewhere.
 */
@FunctionalInterface
public interface ChannelDiscovery {

    /** No cluster: topics deliver as soon as they are created. */
    ChannelDiscovery NONE = topic -> CompletableFuture.completedFuture(Set.of());

    /**
     * Called on the thread creating the topic, often an event loop: must not block.
     *
     * @return the channel names to create; complete at once when there is nobody to ask
     */
    CompletableFuture<Set<String>> channelsOf(String topic);

    /**
     * How long a new topic holds what is published to it for the answer before it delivers anyway: by
     * default nsqd's HTTP client connect and request timeouts together (2 s + 5 s).
     */
    default Duration patience() {
        return Duration.ofSeconds(7);
    }
}
