package io.jnsq.broker;

/** The version jnsq reports everywhere: nsqd's, since clients and nsqadmin compare it as semver. */
public final class Version {

    /** The nsqd release whose behaviour jnsq reproduces. */
    public static final String NUMBER = "1.3.0";

    private Version() {
    }

    /** {@code nsqd v1.3.0 (built w/java17.0.15)}: nsqd's {@code --version} line, the Java runtime in Go's place. */
    public static String describe() {
        return "nsqd v" + NUMBER + " (built w/java" + System.getProperty("java.version") + ")";
    }
}
