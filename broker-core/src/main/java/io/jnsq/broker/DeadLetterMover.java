package io.jnsq.broker;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Publishes the messages channels give up on to their dead-letter topic, then tells the channel, which
 * only then acknowledges the original: a crash in between leaves a duplicate, never a loss.
 *
 * <p>Runs on the broker's workers, never under the channel's monitor: publishing takes the dead-letter
 * topic's monitor and that topic's channels', and two channels dead-lettering into each other's topics
 * must not wait for each other.
 */
final class DeadLetterMover {

    /** How long a message whose dead-letter publish failed (a failing disk) waits before the next try. */
    static final long RETRY_MILLIS = 1000;

    private final Broker broker;

    DeadLetterMover(Broker broker) {
        this.broker = broker;
    }

    void move(Channel channel, Message message, DeadLetterPolicy policy) {
        try {
            broker.workers().execute(() -> publish(channel, message, policy));
        } catch (RejectedExecutionException closing) {
            // the broker is closing: the channel's close keeps the message (see Channel#close)
        }
    }

    void moveLater(Channel channel, Message message, DeadLetterPolicy policy) {
        try {
            broker.timers().schedule(() -> move(channel, message, policy), RETRY_MILLIS, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closing) {
            // as above
        }
    }

    private void publish(Channel channel, Message message, DeadLetterPolicy policy) {
        byte[] envelope = DeadLetterEnvelope.wrap(channel.topic().name(), channel.name(), message.id(),
                message.attempts(), message.timestamp(), message.body());
        if (envelope.length > broker.config().messages().maxMsgSize()) {
            channel.deadLetterRefused(message, policy, envelope.length);
            return;
        }
        CompletableFuture<Void> stored;
        try {
            Topic target = broker.topic(policy.topic());
            // a new dead-letter topic must be in nsqd.dat before the original goes: else a crash could
            // leave its disk queue unknown at the next start
            stored = Stored.both(target.put(target.newMessage(envelope)), broker.metadataWritten());
        } catch (BrokerException e) {
            stored = CompletableFuture.failedFuture(e);
        }
        stored.whenComplete((ignored, failure) -> channel.deadLetterStored(message, policy, failure));
    }
}
