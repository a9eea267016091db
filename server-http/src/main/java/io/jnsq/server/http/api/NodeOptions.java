package io.jnsq.server.http.api;

import java.util.List;
import java.util.Optional;

/**
 * The node's options as the HTTP API reads and changes them: the launcher implements it over its
 * configuration table, so this module knows nsqd's option names only where the API itself names them.
 * A change is applied atomically and told to whoever depends on it before the call returns.
 */
public interface NodeOptions {

    /** {@code --broadcast-address}, as {@code /info} reports it. */
    String broadcastAddress();

    /**
     * An option's current value by its config-file name, for {@code GET /config/:opt}: a {@link String},
     * {@link Number}, {@link Boolean}, {@link java.time.Duration} or {@link List} of strings or doubles;
     * options nsqd shows as numbers (log level, TLS settings) are numbers already.
     *
     * @return empty for a name that is no option
     */
    Optional<Object> value(String configName);

    /** {@code PUT /config/nsqlookupd_tcp_addresses}. */
    void changeLookupdTcpAddresses(List<String> addresses);

    /**
     * {@code PUT /config/log_level}.
     *
     * @throws IllegalArgumentException when {@code level} names no log level
     */
    void changeLogLevel(String level);

    /** A node without a launcher behind it (tests): no option to show, none to change. */
    static NodeOptions fixed(String broadcastAddress) {
        return new NodeOptions() {
            @Override
            public String broadcastAddress() {
                return broadcastAddress;
            }

            @Override
            public Optional<Object> value(String configName) {
                return Optional.empty();
            }

            @Override
            public void changeLookupdTcpAddresses(List<String> addresses) {
                throw new UnsupportedOperationException("no lookupd client");
            }

            @Override
            public void changeLogLevel(String level) {
                throw new UnsupportedOperationException("no logging backend");
            }
        };
    }
}
