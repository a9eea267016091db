package io.jnsq.server.tcp;

/** Names of the handlers this module puts in an accepted connection's pipeline. */
public final class TcpHandlerNames {

    /** Reads the 4-byte magic, then hands the connection to its protocol and removes itself. */
    public static final String MAGIC = "magic";

    /** Appended after the protocol's handlers: closes the connection on any exception nobody handled. */
    public static final String CONNECTION_ERRORS = "connection-errors";

    private TcpHandlerNames() {
    }
}
