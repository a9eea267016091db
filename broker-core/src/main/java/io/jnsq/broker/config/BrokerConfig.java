package io.jnsq.broker.config;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * Everything the broker and its V2 protocol read, in three parts of distinct types: a swapped pair is a
 * compile error. None of it changes while the broker runs.
 */
public record BrokerConfig(QueueConfig queues, MessageConfig messages, ClientConfig clients) {

    public BrokerConfig {
        Objects.requireNonNull(queues, "queues");
        Objects.requireNonNull(messages, "messages");
        Objects.requireNonNull(clients, "clients");
    }

    /** nsqd's defaults: disk queues in the working directory. */
    public static BrokerConfig defaults() {
        return new BrokerConfig(QueueConfig.defaults(), MessageConfig.defaults(), ClientConfig.defaults());
    }

    /** nsqd's defaults, changed part by part: {@code builder().queues(q -> q.memQueueSize(0)).build()}. */
    public static Builder builder() {
        return new Builder();
    }

    public BrokerConfig with(QueueConfig replacement) {
        return new BrokerConfig(replacement, messages, clients);
    }

    public BrokerConfig with(MessageConfig replacement) {
        return new BrokerConfig(queues, replacement, clients);
    }

    public BrokerConfig with(ClientConfig replacement) {
        return new BrokerConfig(queues, messages, replacement);
    }

    /** Builds the three parts, each validating its own settings. */
    public static final class Builder {
        private final QueueConfig.Builder queues = QueueConfig.builder();
        private final MessageConfig.Builder messages = MessageConfig.builder();
        private final ClientConfig.Builder clients = ClientConfig.builder();

        private Builder() {
        }

        public Builder queues(Consumer<QueueConfig.Builder> change) {
            change.accept(queues);
            return this;
        }

        public Builder messages(Consumer<MessageConfig.Builder> change) {
            change.accept(messages);
            return this;
        }

        public Builder clients(Consumer<ClientConfig.Builder> change) {
            change.accept(clients);
            return this;
        }

        /** @throws IllegalArgumentException naming the flag of the first invalid setting */
        public BrokerConfig build() {
            return new BrokerConfig(queues.build(), messages.build(), clients.build());
        }
    }
}
