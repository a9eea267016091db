package io.jnsq.nsqd;

/** The version jnsq reports: nsqd's, since clients and nsqadmin compare it as semver. */
public final class NsqdVersion {

    /** The nsqd release whose behaviour jnsq reproduces. */
    public static final String VERSION = "1.3.0";

    private NsqdVersion() {
    }

    /** {@code nsqd v1.3.0 (built w/java17.0.15)}: nsqd's {@code --version} line, with the Java runtime for Go's. */
    public static String describe() {
        return "nsqd v" + VERSION + " (built w/java" + System.getProperty("java.version") + ")";
    }
}
