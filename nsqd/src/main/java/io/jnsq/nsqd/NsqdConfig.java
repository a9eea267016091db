package io.jnsq.nsqd;

import io.jnsq.broker.auth.AuthClientConfig;
import io.jnsq.broker.config.BrokerConfig;
import io.jnsq.broker.config.ClientConfig;
import io.jnsq.broker.config.MessageConfig;
import io.jnsq.broker.config.QueueConfig;
import io.jnsq.broker.config.TlsRequired;
import io.jnsq.metrics.StatsdConfig;
import io.jnsq.nsqd.logging.LoggingConfig;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Everything one nsqd runs with, as the small immutable parts each module reads. Components are parts of
 * distinct types, so a swapped pair does not compile; each part's builder checks its own settings, and
 * {@link Builder#build()} the rules that span parts, in nsqd's order. {@link NsqdFlags} maps nsqd's flag
 * names and config keys onto the parts.
 */
public record NsqdConfig(LoggingConfig logging, ListenerConfig listeners, ClusterConfig cluster,
                         HttpClientConfig httpClient, AuthConfig auth, TlsConfig tls, StatsdConfig statsd,
                         QueueConfig queues, MessageConfig messages, ClientConfig clients) {

    public NsqdConfig {
        Objects.requireNonNull(logging, "logging");
        Objects.requireNonNull(listeners, "listeners");
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(httpClient, "httpClient");
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(statsd, "statsd");
        Objects.requireNonNull(queues, "queues");
        Objects.requireNonNull(messages, "messages");
        Objects.requireNonNull(clients, "clients");
    }

    /** nsqd's defaults. */
    public static NsqdConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder(LoggingConfig.builder(), ListenerConfig.builder(), ClusterConfig.builder(),
                HttpClientConfig.builder(), AuthConfig.builder(), TlsConfig.builder(), StatsdConfig.builder(),
                QueueConfig.builder(), MessageConfig.builder(), ClientConfig.builder());
    }

    public Builder toBuilder() {
        return new Builder(logging.toBuilder(), listeners.toBuilder(), cluster.toBuilder(), httpClient.toBuilder(),
                auth.toBuilder(), tls.toBuilder(), statsd.toBuilder(), queues.toBuilder(), messages.toBuilder(),
                clients.toBuilder());
    }

    /** What the broker and its V2 protocol read. */
    public BrokerConfig broker() {
        return new BrokerConfig(queues, messages, clients);
    }

    /** How AUTH reaches the auth servers: their addresses, the HTTP client's timeouts, the TLS trust settings. */
    public AuthClientConfig authClient() {
        AuthClientConfig.Builder builder = AuthClientConfig.builder()
                .addresses(auth.httpAddresses())
                .requestMethod(auth.method())
                .connectTimeout(httpClient.connectTimeout())
                .requestTimeout(httpClient.requestTimeout())
                .tlsMinVersion(tls.minVersion());
        if (!tls.rootCaFile().isEmpty()) {
            builder.rootCaFile(Path.of(tls.rootCaFile()));
        }
        return builder.build();
    }

    /**
     * The parts' builders, each changed in place ({@code builder.queues().memQueueSize(0)}); {@link #build()}
     * builds them all.
     */
    public static final class Builder {
        private final LoggingConfig.Builder logging;
        private final ListenerConfig.Builder listeners;
        private final ClusterConfig.Builder cluster;
        private final HttpClientConfig.Builder httpClient;
        private final AuthConfig.Builder auth;
        private final TlsConfig.Builder tls;
        private final StatsdConfig.Builder statsd;
        private final QueueConfig.Builder queues;
        private final MessageConfig.Builder messages;
        private final ClientConfig.Builder clients;

        private Builder(LoggingConfig.Builder logging, ListenerConfig.Builder listeners, ClusterConfig.Builder cluster,
                        HttpClientConfig.Builder httpClient, AuthConfig.Builder auth, TlsConfig.Builder tls,
                        StatsdConfig.Builder statsd, QueueConfig.Builder queues, MessageConfig.Builder messages,
                        ClientConfig.Builder clients) {
            this.logging = logging;
            this.listeners = listeners;
            this.cluster = cluster;
            this.httpClient = httpClient;
            this.auth = auth;
            this.tls = tls;
            this.statsd = statsd;
            this.queues = queues;
            this.messages = messages;
            this.clients = clients;
        }

        public LoggingConfig.Builder logging() {
            return logging;
        }

        public ListenerConfig.Builder listeners() {
            return listeners;
        }

        public ClusterConfig.Builder cluster() {
            return cluster;
        }

        public HttpClientConfig.Builder httpClient() {
            return httpClient;
        }

        public AuthConfig.Builder auth() {
            return auth;
        }

        public TlsConfig.Builder tls() {
            return tls;
        }

        public StatsdConfig.Builder statsd() {
            return statsd;
        }

        public QueueConfig.Builder queues() {
            return queues;
        }

        public MessageConfig.Builder messages() {
            return messages;
        }

        public ClientConfig.Builder clients() {
            return clients;
        }

        /**
         * Builds every part, in the order of nsqd's own checks so that of several faults the one nsqd
         * would name comes first, then checks what spans parts.
         *
         * @throws IllegalArgumentException naming the flag at fault, in nsqd's words where nsqd has them
         */
        public NsqdConfig build() {
            if (!tls.clientAuthPolicy().isEmpty()) {
                clients.requireTlsIfNotRequired();
            }
            ClientConfig clientPart = clients.build();
            MessageConfig messagePart = messages.build();
            TlsConfig tlsPart = tls.build();
            if (clientPart.tlsRequired() != TlsRequired.NOT_REQUIRED && !tlsPart.enabled()) {
                throw new IllegalArgumentException("cannot require TLS client connections without TLS key and cert");
            }
            AuthConfig authPart = auth.build();
            return new NsqdConfig(logging.build(), listeners.build(), cluster.build(), httpClient.build(), authPart,
                    tlsPart, statsd.build(), queues.build(), messagePart, clientPart);
        }
    }
}
