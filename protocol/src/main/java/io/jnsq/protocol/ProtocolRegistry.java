package io.jnsq.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * The wire protocols a process speaks, keyed by their magic. Immutable once built, so the accept path
 * reads it from any event loop without locking.
 *
 * <pre>{@code
 * ProtocolRegistry registry = ProtocolRegistry.builder()
 *         .discover(context)          // every ProtocolProvider on the class path
 *         .register(myProtocol)       // or one built in code
 *         .build();                   // two protocols with one magic fail here, naming both
 * }</pre>
 */
public final class ProtocolRegistry {

    // With a handful of protocols a linear scan of an int[] beats any map and never boxes.
    private final int[] magics;
    private final Protocol[] protocols;

    private ProtocolRegistry(List<Protocol> protocols) {
        this.protocols = protocols.toArray(Protocol[]::new);
        this.magics = new int[this.protocols.length];
        for (int i = 0; i < this.protocols.length; i++) {
            magics[i] = this.protocols[i].magic().value();
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The protocol for this magic, or {@code null} when none is registered. */
    public Protocol lookup(int magic) {
        for (int i = 0; i < magics.length; i++) {
            if (magics[i] == magic) {
                return protocols[i];
            }
        }
        return null;
    }

    public List<Protocol> protocols() {
        return List.of(protocols);
    }

    public static final class Builder {
        private final List<Protocol> protocols = new ArrayList<>();

        private Builder() {
        }

        /** Adds every protocol whose {@link ProtocolProvider} is listed for {@link ServiceLoader}. */
        public Builder discover(ProtocolContext context) {
            return discover(context, Thread.currentThread().getContextClassLoader());
        }

        public Builder discover(ProtocolContext context, ClassLoader classLoader) {
            for (ProtocolProvider provider : ServiceLoader.load(ProtocolProvider.class, classLoader)) {
                register(provider.create(context));
            }
            return this;
        }

        public Builder register(Protocol protocol) {
            protocols.add(protocol);
            return this;
        }

        /** @throws IllegalStateException when two protocols claim the same magic */
        public ProtocolRegistry build() {
            for (int i = 0; i < protocols.size(); i++) {
                for (int j = i + 1; j < protocols.size(); j++) {
                    Protocol first = protocols.get(i);
                    Protocol second = protocols.get(j);
                    if (first.magic().equals(second.magic())) {
                        throw new IllegalStateException("protocols " + describe(first) + " and " + describe(second)
                                + " both claim magic " + first.magic());
                    }
                }
            }
            return new ProtocolRegistry(protocols);
        }

        private static String describe(Protocol protocol) {
            return protocol.name() + " (" + protocol.getClass().getName() + ")";
        }
    }
}
