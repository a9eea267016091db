package io.jnsq.broker;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Map;

/**
 * Go's {@code time.Duration} text: what nsqd's flags, config file, {@code --help} and text {@code /stats}
 * use. Parsing and printing follow Go's {@code time.ParseDuration} and {@code Duration.String}, so a
 * duration round-trips between jnsq and anything written for nsqd. Values are limited, as in Go, to
 * what fits in a signed 64-bit count of nanoseconds.
 */
public final class GoDuration {

    private static final long MICROSECOND = 1_000L;
    private static final long MILLISECOND = 1_000_000L;
    private static final long SECOND = 1_000_000_000L;

    private static final Map<String, Long> UNIT_NANOS = Map.of(
            "ns", 1L,
            "us", MICROSECOND,
            "\u00b5s", MICROSECOND, // micro sign, what Go prints
            "\u03bcs", MICROSECOND, // Greek mu, also accepted by Go
            "ms", MILLISECOND,
            "s", SECOND,
            "m", 60 * SECOND,
            "h", 3600 * SECOND);

    private static final BigInteger MAX_NANOS = BigInteger.valueOf(Long.MAX_VALUE);
    private static final BigInteger MIN_NANOS = BigInteger.valueOf(Long.MIN_VALUE);

    private GoDuration() {
    }

    /**
     * Parses a sequence of decimal numbers, each with an optional fraction and a unit ({@code ns us µs
     * ms s m h}), with an optional leading sign: {@code 300ms}, {@code -1.5h}, {@code 2h45m}. A lone
     * {@code 0} needs no unit.
     *
     * @throws IllegalArgumentException with Go's message, e.g. {@code time: invalid duration "x"}
     */
    public static Duration parse(String text) {
        String quoted = quote(text);
        int i = 0;
        boolean negative = false;
        if (!text.isEmpty() && (text.charAt(0) == '-' || text.charAt(0) == '+')) {
            negative = text.charAt(0) == '-';
            i++;
        }
        if (text.substring(i).equals("0")) {
            return Duration.ZERO;
        }
        if (i == text.length()) {
            throw new IllegalArgumentException("time: invalid duration " + quoted);
        }
        BigInteger total = BigInteger.ZERO;
        while (i < text.length()) {
            int numberStart = i;
            int digitsBefore = 0;
            while (i < text.length() && isDigit(text.charAt(i))) {
                i++;
                digitsBefore++;
            }
            int digitsAfter = 0;
            if (i < text.length() && text.charAt(i) == '.') {
                i++;
                while (i < text.length() && isDigit(text.charAt(i))) {
                    i++;
                    digitsAfter++;
                }
            }
            if (digitsBefore + digitsAfter == 0) {
                throw new IllegalArgumentException("time: invalid duration " + quoted);
            }
            BigDecimal number = new BigDecimal(numberText(text.substring(numberStart, i)));
            int unitStart = i;
            while (i < text.length() && text.charAt(i) != '.' && !isDigit(text.charAt(i))) {
                i++;
            }
            if (unitStart == i) {
                throw new IllegalArgumentException("time: missing unit in duration " + quoted);
            }
            String unit = text.substring(unitStart, i);
            Long unitNanos = UNIT_NANOS.get(unit);
            if (unitNanos == null) {
                throw new IllegalArgumentException("time: unknown unit " + quote(unit) + " in duration " + quoted);
            }
            // Go truncates a fraction of a nanosecond toward zero.
            total = total.add(number.multiply(BigDecimal.valueOf(unitNanos)).toBigInteger());
            if (total.compareTo(MAX_NANOS) > 0 && !(negative && total.negate().equals(MIN_NANOS))) {
                throw new IllegalArgumentException("time: invalid duration " + quoted);
            }
        }
        return Duration.ofNanos((negative ? total.negate() : total).longValueExact());
    }

    /**
     * Prints a duration as Go does: {@code 0s}, {@code 250ms}, {@code 1.5µs}, {@code 1m30s},
     * {@code 2h0m0s}; below one second a single unit with a fraction, above it hours, minutes and
     * seconds with the seconds' fraction.
     *
     * @throws ArithmeticException when the duration does not fit in 64-bit nanoseconds
     */
    public static String format(Duration duration) {
        long nanos = duration.toNanos();
        if (nanos == 0) {
            return "0s";
        }
        // Negating Long.MIN_VALUE overflows back to itself; read as unsigned it is the right magnitude.
        long magnitude = nanos < 0 ? -nanos : nanos;
        StringBuilder out = new StringBuilder();
        if (nanos < 0) {
            out.append('-');
        }
        if (Long.compareUnsigned(magnitude, SECOND) < 0) {
            if (magnitude < MICROSECOND) {
                out.append(magnitude).append("ns");
            } else if (magnitude < MILLISECOND) {
                appendWithFraction(out, magnitude, MICROSECOND, 3).append("\u00b5s");
            } else {
                appendWithFraction(out, magnitude, MILLISECOND, 6).append("ms");
            }
            return out.toString();
        }
        long totalSeconds = Long.divideUnsigned(magnitude, SECOND);
        long hours = totalSeconds / 3600;
        long minutes = totalSeconds / 60 % 60;
        if (hours > 0) {
            out.append(hours).append('h');
        }
        if (hours > 0 || minutes > 0) {
            out.append(minutes).append('m');
        }
        out.append(totalSeconds % 60);
        appendFraction(out, Long.remainderUnsigned(magnitude, SECOND), 9);
        return out.append('s').toString();
    }

    private static StringBuilder appendWithFraction(StringBuilder out, long value, long unit, int digits) {
        out.append(value / unit);
        appendFraction(out, value % unit, digits);
        return out;
    }

    /** Appends {@code .fraction} with trailing zeros dropped, or nothing when the fraction is zero. */
    private static void appendFraction(StringBuilder out, long fraction, int digits) {
        if (fraction == 0) {
            return;
        }
        String padded = String.format("%0" + digits + "d", fraction);
        int end = padded.length();
        while (padded.charAt(end - 1) == '0') {
            end--;
        }
        out.append('.').append(padded, 0, end);
    }

    /** BigDecimal rejects "5." and ".5" forms that Go accepts. */
    private static String numberText(String number) {
        String withLeadingDigit = number.startsWith(".") ? "0" + number : number;
        return withLeadingDigit.endsWith(".") ? withLeadingDigit + "0" : withLeadingDigit;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** Go's {@code strconv.Quote} for the texts a duration error can contain. */
    private static String quote(String text) {
        return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
