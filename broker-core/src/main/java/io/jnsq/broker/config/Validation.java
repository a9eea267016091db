package io.jnsq.broker.config;

import java.time.Duration;

/** The checks the configuration builders share; messages name nsqd's flag, as nsqd's own checks do. */
public final class Validation {

    private Validation() {
    }

    /** @throws IllegalArgumentException with {@code message} unless {@code condition} holds */
    public static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    /** @throws IllegalArgumentException "{@code flag} must be positive" for a zero or negative duration */
    public static void requirePositive(Duration duration, String flag) {
        require(!duration.isNegative() && !duration.isZero(), flag + " must be positive, not " + duration);
    }

    /** @throws IllegalArgumentException "{@code flag} must not be negative" */
    public static void requireNotNegative(Duration duration, String flag) {
        require(!duration.isNegative(), flag + " must not be negative: " + duration);
    }
}
