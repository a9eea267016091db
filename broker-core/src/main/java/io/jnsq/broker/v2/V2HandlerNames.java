package io.jnsq.broker.v2;

/** Names of the handlers V2 installs on a connection's pipeline. */
final class V2HandlerNames {

    static final String READ_TIMEOUT = "v2-read-timeout";
    static final String COMMAND_DECODER = "v2-command-decoder";
    static final String CLIENT = "v2-client";

    private V2HandlerNames() {
    }
}
