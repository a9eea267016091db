package io.jnsq.broker.v2;

/** Names of the handlers V2 installs on a connection's pipeline. */
final class V2HandlerNames {

    static final String TLS = "v2-tls";
    static final String DECOMPRESS = "v2-decompress";
    static final String COMPRESS = "v2-compress";
    static final String COALESCE = "v2-coalesce";
    static final String READ_TIMEOUT = "v2-read-timeout";
    static final String COMMAND_DECODER = "v2-command-decoder";
    static final String CLIENT = "v2-client";

    private V2HandlerNames() {
    }
}
