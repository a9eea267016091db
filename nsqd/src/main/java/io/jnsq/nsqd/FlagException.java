package io.jnsq.nsqd;

/** A command line Go's {@code flag} package would reject; nsqd prints the message and usage, exits 2. */
public final class FlagException extends Exception {

    public FlagException(String message) {
        super(message);
    }
}
