package io.jnsq.nsqd;

import io.jnsq.nsqd.logging.LogLevel;
import io.jnsq.server.http.api.NodeOptions;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The configuration a running nsqd reads, swapped whole: a change builds a new {@link NsqdConfig} (its
 * builders validate it), replaces the old one in one write, then tells the listeners, so a reader sees
 * either the old or the new configuration, never a mix (nsqd's {@code swapOpts}). Changes are serialised:
 * two concurrent {@code PUT}s cannot lose one another.
 */
final class LiveConfig implements NodeOptions {

    private final List<ConfigListener> listeners = new CopyOnWriteArrayList<>();
    private volatile NsqdConfig current;

    LiveConfig(NsqdConfig initial) {
        this.current = initial;
    }

    NsqdConfig get() {
        return current;
    }

    void addListener(ConfigListener listener) {
        listeners.add(listener);
    }

    /**
     * Applies {@code change} to a builder of the current configuration and swaps in the result.
     *
     * @throws IllegalArgumentException when the result is invalid; nothing changes then
     */
    synchronized NsqdConfig update(Consumer<NsqdConfig.Builder> change) {
        NsqdConfig previous = current;
        NsqdConfig.Builder builder = previous.toBuilder();
        change.accept(builder);
        NsqdConfig next = builder.build();
        current = next;
        for (ConfigListener listener : listeners) {
            listener.configChanged(previous, next);
        }
        return next;
    }

    @Override
    public String broadcastAddress() {
        return current.cluster().broadcastAddress();
    }

    @Override
    public Optional<Object> value(String configName) {
        return NsqdFlags.configValue(current, configName);
    }

    @Override
    public void changeLookupdTcpAddresses(List<String> addresses) {
        update(builder -> builder.cluster().lookupdTcpAddresses(addresses));
    }

    @Override
    public void changeLogLevel(String level) {
        LogLevel parsed = LogLevel.parse(level);
        update(builder -> builder.logging().level(parsed));
    }
}
