package io.jnsq.protocol.error;

import java.nio.charset.StandardCharsets;

/**
 * Every error code an nsqd sends on the wire. Only FIN, REQ and TOUCH failures leave the connection
 * open; every other error frame is followed by closing the connection.
 */
public enum ErrorCode {
    E_INVALID,
    E_BAD_PROTOCOL,
    E_BAD_BODY,
    E_BAD_TOPIC,
    E_BAD_CHANNEL,
    E_BAD_MESSAGE,
    E_PUB_FAILED,
    E_MPUB_FAILED,
    E_DPUB_FAILED,
    E_FIN_FAILED(false),
    E_REQ_FAILED(false),
    E_TOUCH_FAILED(false),
    E_SUB_FAILED,
    E_IDENTIFY_FAILED,
    E_AUTH_DISABLED,
    E_AUTH_FAILED,
    E_AUTH_FIRST,
    E_AUTH_ERROR,
    E_UNAUTHORIZED;

    private final boolean fatal;
    private final byte[] ascii;

    ErrorCode() {
        this(true);
    }

    ErrorCode(boolean fatal) {
        this.fatal = fatal;
        this.ascii = name().getBytes(StandardCharsets.US_ASCII);
    }

    /** Whether the connection is closed after this error is sent. */
    public boolean fatal() {
        return fatal;
    }

    /** The code's bytes as they start an error frame's data. */
    public byte[] ascii() {
        return ascii.clone();
    }
}
