package io.jnsq.broker.v2;

import io.jnsq.protocol.error.ProtocolException;

/**
 * What {@link CommandDecoder} asks of its connection to refuse a command before reading its body, as
 * nsqd does: the client's state, the TLS policy, and an MPUB's authorization.
 */
interface ConnectionGate {

    /** {@link V2Client#STATE_INIT}, {@link V2Client#STATE_SUBSCRIBED} or {@link V2Client#STATE_CLOSING}. */
    int state();

    /** With {@code --tls-required}, every command but IDENTIFY is refused until the connection is on TLS. */
    boolean tlsPending();

    /** nsqd checks an MPUB's authorization before it reads the body. */
    void checkMpubAuthorization(String topic) throws ProtocolException;

    /** A connection with no TLS policy and no AUTH: what decoder tests and plain brokers see. */
    static ConnectionGate open(java.util.function.IntSupplier state) {
        return new ConnectionGate() {
            @Override
            public int state() {
                return state.getAsInt();
            }

            @Override
            public boolean tlsPending() {
                return false;
            }

            @Override
            public void checkMpubAuthorization(String topic) {
            }
        };
    }
}
