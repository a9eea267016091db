package io.jnsq.protocol;

import io.netty.channel.ChannelPipeline;

/**
 * One wire protocol version, bound to whatever it serves (for NSQ's V2: the broker).
 *
 * <p>A transport reads exactly the four magic bytes of a fresh connection, looks the protocol up in the
 * {@link ProtocolRegistry} and calls {@link #takeOver}. The handlers added there receive every byte the
 * client sent after the magic, in order, starting with any already read alongside it.
 *
 * <p>Stability: evolving. New methods get default implementations so existing protocols keep compiling.
 */
public interface Protocol {

    /** The four bytes that select this protocol. */
    ProtocolMagic magic();

    /** A short name for logs, docs and registry errors, e.g. {@code "V2"}. */
    String name();

    /**
     * Installs this protocol's handlers on a connection whose magic was just read. Called on the
     * connection's event loop; the transport removes its own sniffing handlers afterwards.
     */
    void takeOver(ChannelPipeline pipeline);
}
