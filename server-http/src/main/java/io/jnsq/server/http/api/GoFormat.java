package io.jnsq.server.http.api;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Go's text renderings that nsqd's plain-text output relies on (durations: {@link io.jnsq.broker.GoDuration}).
 */
public final class GoFormat {

    private GoFormat() {
    }

    /** An e2e latency as nsqd's text stats print it: one decimal, the largest unit it exceeds ({@code 379.0ms}). */
    static String nanosecondsToHuman(double nanos) {
        double value = nanos;
        String suffix;
        if (value > 1e9) {
            value /= 1e9;
            suffix = "s";
        } else if (value > 1e6) {
            value /= 1e6;
            suffix = "ms";
        } else if (value > 1e3) {
            value /= 1e3;
            suffix = "us";
        } else {
            suffix = "ns";
        }
        // Go rounds the exact binary value half to even
        return new BigDecimal(value).setScale(1, RoundingMode.HALF_EVEN).toPlainString() + suffix;
    }

    /** Go's {@code %-<width>s}: left-justified, padded with spaces to {@code width} characters, never cut. */
    static String padRight(String text, int width) {
        int length = text.codePointCount(0, text.length());
        return length >= width ? text : text + " ".repeat(width - length);
    }

    /** Go's {@code %-<width>d}. */
    static String padRight(long number, int width) {
        return padRight(Long.toString(number), width);
    }
}
