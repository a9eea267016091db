package io.jnsq.broker.auth;

/**
 * An auth query that failed: no server answered, or an answer was refused. The message says why for
 * nsqd's log; clients only ever see {@code E_AUTH_FAILED AUTH failed}.
 */
public final class AuthException extends Exception {

    public AuthException(String message) {
        super(message, null, false, false);
    }

    public AuthException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
