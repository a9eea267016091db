package io.jnsq.server.http;

/**
 * Which listener a connection came in on. The same routes serve both; only the plain one refuses
 * requests with {@code 403 TLS_REQUIRED} when {@code --tls-required=true}.
 */
public enum Listener {
    PLAIN,
    TLS
}
