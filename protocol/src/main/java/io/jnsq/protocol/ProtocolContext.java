package io.jnsq.protocol;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the host process offers to {@link ProtocolProvider}s: a small typed lookup, so the protocol
 * module never names the broker or any other service type.
 */
public final class ProtocolContext {

    private final Map<Class<?>, Object> services;

    private ProtocolContext(Map<Class<?>, Object> services) {
        this.services = Map.copyOf(services);
    }

    public static ProtocolContext empty() {
        return new ProtocolContext(Map.of());
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The service registered under {@code type}; fails naming the type when the host offers none. */
    public <T> T require(Class<T> type) {
        Object service = services.get(type);
        if (service == null) {
            throw new IllegalStateException("protocol context offers no " + type.getName()
                    + " (offered: " + services.keySet().stream().map(Class::getSimpleName).toList() + ")");
        }
        return type.cast(service);
    }

    /** The service registered under {@code type}, for what a host may or may not offer (a TLS context, say). */
    public <T> Optional<T> find(Class<T> type) {
        return Optional.ofNullable(services.get(type)).map(type::cast);
    }

    public static final class Builder {
        private final Map<Class<?>, Object> services = new LinkedHashMap<>();

        private Builder() {
        }

        public <T> Builder with(Class<T> type, T service) {
            services.put(type, type.cast(service));
            return this;
        }

        public ProtocolContext build() {
            return new ProtocolContext(services);
        }
    }
}
