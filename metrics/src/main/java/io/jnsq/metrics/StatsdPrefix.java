package io.jnsq.metrics;

/**
 * nsqd's statsd prefix as it rewrites it at startup: every {@code %s} becomes the host key, and a
 * non-empty prefix always ends in a dot. {@code GET /config/statsd_prefix} then answers the rewritten
 * one, as nsqd does.
 */
public final class StatsdPrefix {

    private StatsdPrefix() {
    }

    /**
     * @param broadcastHttpPort the port announced for HTTP: {@code --broadcast-http-port}, or the bound
     *                          HTTP port when that is 0
     * @return {@code prefix} with {@code %s} replaced by {@code <address>_<port>} ({@code .} and {@code :}
     *         as {@code _}) and a trailing dot; an empty prefix stays empty (bare stat names)
     */
    public static String expand(String prefix, String broadcastAddress, int broadcastHttpPort) {
        if (prefix.isEmpty()) {
            return prefix;
        }
        String expanded = prefix.replace("%s", hostKey(broadcastAddress, broadcastHttpPort));
        return expanded.endsWith(".") ? expanded : expanded + ".";
    }

    /** Go's {@code net.JoinHostPort} (brackets around an IPv6 address), then {@code .} and {@code :} as {@code _}. */
    static String hostKey(String address, int port) {
        String hostPort = (address.indexOf(':') >= 0 ? "[" + address + "]" : address) + ":" + port;
        return hostPort.replace('.', '_').replace(':', '_');
    }
}
