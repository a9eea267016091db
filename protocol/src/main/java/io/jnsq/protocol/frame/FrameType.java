package io.jnsq.protocol.frame;

/** The second int of every server → client frame. */
public enum FrameType {
    RESPONSE(0),
    ERROR(1),
    MESSAGE(2);

    private final int code;

    FrameType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** @throws IllegalArgumentException for a type nsqd never sends */
    public static FrameType of(int code) {
        return switch (code) {
            case 0 -> RESPONSE;
            case 1 -> ERROR;
            case 2 -> MESSAGE;
            default -> throw new IllegalArgumentException("unknown frame type " + code);
        };
    }
}
