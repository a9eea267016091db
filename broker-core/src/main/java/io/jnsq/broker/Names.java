package io.jnsq.broker;

/**
 * nsqd's rule for topic and channel names: 1 to 64 bytes of {@code [.a-zA-Z0-9_-]}, optionally ending
 * in {@code #ephemeral}. The same rule serves TCP, HTTP, metadata loading and lookupd.
 */
public final class Names {

    public static final String EPHEMERAL_SUFFIX = "#ephemeral";
    private static final int MAX_LENGTH = 64;

    private Names() {
    }

    public static boolean isValid(String name) {
        int length = name.length();
        if (length < 1 || length > MAX_LENGTH) {
            return false;
        }
        int end = name.endsWith(EPHEMERAL_SUFFIX) ? length - EPHEMERAL_SUFFIX.length() : length;
        if (end == 0) {
            return false;
        }
        for (int i = 0; i < end; i++) {
            char c = name.charAt(i);
            boolean allowed = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || c == '.' || c == '_' || c == '-';
            if (!allowed) {
                return false;
            }
        }
        return true;
    }

    public static boolean isEphemeral(String name) {
        return name.endsWith(EPHEMERAL_SUFFIX);
    }
}
