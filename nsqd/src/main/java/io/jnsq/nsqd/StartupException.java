package io.jnsq.nsqd;

/** nsqd cannot start with these options or in this environment; the message is what nsqd logs as FATAL. */
public final class StartupException extends Exception {

    public StartupException(String message) {
        super(message);
    }

    public StartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
