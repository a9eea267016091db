package io.jnsq.nsqd;

/**
 * How nsqd tells its two kinds of listen address apart: text that Go's {@code net.SplitHostPort} accepts
 * is a TCP {@code host:port}, anything else is the path of a unix socket.
 */
final class ListenAddress {

    private ListenAddress() {
    }

    /** Whether nsqd would listen on a unix socket at {@code address}; {@code ""} (listener off) is not a path. */
    static boolean isUnixSocketPath(String address) {
        return !address.isEmpty() && !splitsAsHostPort(address);
    }

    /** Go's {@code SplitHostPort} rules: one colon before the port, or a bracketed host holding colons. */
    private static boolean splitsAsHostPort(String address) {
        int colon = address.lastIndexOf(':');
        if (colon < 0) {
            return false;
        }
        String host = address.substring(0, colon);
        String port = address.substring(colon + 1);
        if (port.indexOf('[') >= 0 || port.indexOf(']') >= 0) {
            return false;
        }
        if (host.startsWith("[")) {
            return host.indexOf(']') == host.length() - 1 && host.indexOf('[', 1) < 0;
        }
        return host.indexOf(':') < 0 && host.indexOf('[') < 0 && host.indexOf(']') < 0;
    }
}
