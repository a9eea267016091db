package io.jnsq.lookupd;

import java.net.InetSocketAddress;

/** A {@code --lookupd-tcp-address}: {@code host:port}, {@code [v6]:port}. */
record LookupdAddress(String text, String host, int port) {

    /** @throws IllegalArgumentException when the text is not {@code host:port} */
    static LookupdAddress parse(String text) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException("invalid lookupd address \"" + text + "\": expected <host>:<port>");
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port <= 0 || port > 65535) {
            throw new IllegalArgumentException("invalid lookupd address \"" + text + "\": port must be in [1,65535]");
        }
        return new LookupdAddress(text, host, port);
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
