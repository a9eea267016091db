package io.jnsq.broker.v2;

/**
 * Whether a connection reads: on only while no reason holds it off. AUTH (a query out, commands must
 * keep their order), storage (a reply waits for the disk) and backpressure (the client is not taking
 * our replies) each hold it on their own,
 * so the end of one never restarts reading the other still forbids. Used on the connection's event loop.
 */
final class ReadGate {

    /** An auth query is out. */
    static final int AUTH = 1;
    /** The outbound buffer is past its high-water mark. */
    static final int BACKPRESSURE = 2;
    /** A publish waits for its disk write (or a topology change for nsqd.dat) before its reply. */
    static final int STORAGE = 4;

    private final io.netty.channel.Channel connection;
    private int holds;

    ReadGate(io.netty.channel.Channel connection) {
        this.connection = connection;
    }

    void hold(int reason) {
        holds |= reason;
        connection.config().setAutoRead(false);
    }

    /** Reading starts again if nothing else holds it and the connection is still open. */
    void release(int reason) {
        holds &= ~reason;
        if (holds == 0 && connection.isActive()) {
            connection.config().setAutoRead(true);
        }
    }

    boolean heldFor(int reason) {
        return (holds & reason) != 0;
    }
}
