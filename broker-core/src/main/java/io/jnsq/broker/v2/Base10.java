package io.jnsq.broker.v2;

/**
 * nsqd's number parsing for RDY counts and REQ/DPUB timeouts: ASCII digits only (no sign, no space),
 * an empty string is 0, and overflow wraps silently as nsqd's does.
 */
final class Base10 {

    private Base10() {
    }

    static boolean isDigits(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** The value of a string that {@link #isDigits}, wrapped to 64 bits. */
    static long parse(String digits) {
        long value = 0;
        for (int i = 0; i < digits.length(); i++) {
            value = value * 10 + (digits.charAt(i) - '0');
        }
        return value;
    }
}
