package io.jnsq.broker;

/**
 * A broker operation refused, with nsqd's reason text ({@code exiting}, {@code ID not in flight}, ...),
 * which the protocols put on the wire. Carries no stack trace: it answers a client, it is not a bug.
 */
public class BrokerException extends Exception {

    public BrokerException(String reason) {
        super(reason, null, false, false);
    }

    public BrokerException(String reason, Throwable cause) {
        super(reason, cause, false, false);
    }
}
