package io.jnsq.protocol.error;

/**
 * A client-visible protocol error: the wire gets {@code CODE description}; the cause is only logged.
 * Thrown without a stack trace: it is an expected answer to bad input, not a bug.
 */
public class ProtocolException extends Exception {

    private final ErrorCode code;
    private final String description;

    public ProtocolException(ErrorCode code, String description) {
        this(code, description, null);
    }

    public ProtocolException(ErrorCode code, String description, Throwable cause) {
        super(code + (description.isEmpty() ? "" : " " + description), cause, false, false);
        this.code = code;
        this.description = description;
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
