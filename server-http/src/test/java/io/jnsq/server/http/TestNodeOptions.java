package io.jnsq.server.http;

import io.jnsq.server.http.api.NodeOptions;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * The options behind a test node's {@code /config} and {@code /info}: a few values by name, changed the
 * way the launcher changes them, each change recorded. The launcher's table itself is tested in nsqd.
 */
final class TestNodeOptions implements NodeOptions {

    private static final List<String> LEVELS = List.of("debug", "info", "warn", "error", "fatal");

    /** Each change as {@code name=value}, in order. */
    final List<String> changes = new CopyOnWriteArrayList<>();
    private final Map<String, Supplier<Object>> values = new ConcurrentHashMap<>();

    TestNodeOptions() {
        set("nsqlookupd_tcp_addresses", List.of());
        set("log_level", 2);
    }

    TestNodeOptions set(String name, Object value) {
        values.put(name, () -> value);
        return this;
    }

    /** An option whose reading fails: what a broken option table would do. */
    TestNodeOptions failing(String name) {
        values.put(name, () -> {
            throw new IllegalStateException("cannot read " + name);
        });
        return this;
    }

    @Override
    public String broadcastAddress() {
        return "127.0.0.1";
    }

    @Override
    public Optional<Object> value(String configName) {
        Supplier<Object> value = values.get(configName);
        return value == null ? Optional.empty() : Optional.of(value.get());
    }

    @Override
    public void changeLookupdTcpAddresses(List<String> addresses) {
        set("nsqlookupd_tcp_addresses", List.copyOf(addresses));
        changes.add("nsqlookupd_tcp_addresses=" + addresses);
    }

    @Override
    public void changeLogLevel(String level) {
        int number = LEVELS.indexOf(level.toLowerCase(Locale.ROOT)) + 1;
        if (number == 0) {
            throw new IllegalArgumentException("no log level " + level);
        }
        set("log_level", number);
        changes.add("log_level=" + number);
    }
}
