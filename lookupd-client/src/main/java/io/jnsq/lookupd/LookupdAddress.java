package io.jnsq.lookupd;

import io.jnsq.protocol.transport.SocketAddresses;

import java.net.InetSocketAddress;

/** A {@code --lookupd-tcp-address}: {@code host:port}, {@code [v6]:port}. */
record LookupdAddress(String text, String host, int port) {

    /** @throws IllegalArgumentException when the text is not {@code host:port} */
    static LookupdAddress parse(String text) {
        SocketAddresses.HostPort split = SocketAddresses.splitHostPort(text);
        if (split.host().isEmpty() || split.port() == 0) {
            throw SocketAddresses.invalid(text, "a lookupd needs a host and a port in [1,65535]");
        }
        return new LookupdAddress(text, split.host(), split.port());
    }

    /** Looks the host up: may wait on DNS, so never called on an event loop. */
    InetSocketAddress resolve() {
        return new InetSocketAddress(host, port);
    }

    @Override
    public String toString() {
        return text;
    }
}
