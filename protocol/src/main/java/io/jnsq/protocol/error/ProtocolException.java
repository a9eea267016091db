package io.jnsq.protocol.error;

/**
 * A client-visible protocol error: the wire gets {@code CODE description}; the cause is only logged.
 * Thrown without a stack trace: it is an expected answer to bad input, not a bug.
 */
public class ProtocolException extends Exception {

    private final ErrorCode code;
    private final String description;
    private final boolean byteString;

    public ProtocolException(ErrorCode code, String description) {
        this(code, description, null);
    }

    public ProtocolException(ErrorCode code, String description, Throwable cause) {
        this(code, description, cause, false);
    }

    private ProtocolException(ErrorCode code, String description, Throwable cause, boolean byteString) {
        super(code + (description.isEmpty() ? "" : " " + description), cause, false, false);
        this.code = code;
        this.description = description;
        this.byteString = byteString;
    }

    /**
     * An error whose description quotes the client's bytes as they came: one char per byte (chars up to
     * U+00FF), so the frame carries those bytes unchanged, as nsqd's does. A char above U+00FF (text
     * from elsewhere) still goes out as UTF-8.
     */
    public static ProtocolException ofBytes(ErrorCode code, String description) {
        return new ProtocolException(code, description, null, true);
    }

    /** Whether {@link #wireText()} is a byte string (see {@link #ofBytes}) rather than text for UTF-8. */
    public boolean byteString() {
        return byteString;
    }

    public ErrorCode code() {
        return code;
    }

    public String description() {
        return description;
    }

    /** The error frame's data: the code, a space and the description (the code alone if there is none). */
    public String wireText() {
        return getMessage();
    }

    public boolean fatal() {
        return code.fatal();
    }
}
