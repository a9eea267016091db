package io.jnsq.server.http.api;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Go's text renderings that nsqd's plain-text output relies on. */
public final class GoFormat {

    private static final long MICROSECOND = 1_000L;
    private static final long MILLISECOND = 1_000_000L;
    private static final long SECOND = 1_000_000_000L;

    private GoFormat() {
    }

    /** Go's {@code time.Duration.String()}: {@code 0s}, {@code 1.5µs}, {@code 380.347041ms}, {@code 1h2m3.5s}. */
    public static String duration(long nanos) {
        if (nanos == 0) {
            return "0s";
        }
        StringBuilder out = new StringBuilder();
        if (nanos < 0) {
            out.append('-');
        }
        // unsigned magnitude: Long.MIN_VALUE stays representable
        long magnitude = nanos == Long.MIN_VALUE ? Long.MIN_VALUE : Math.abs(nanos);
        if (Long.compareUnsigned(magnitude, SECOND) < 0) {
            if (magnitude < MICROSECOND) {
                return out.append(magnitude).append("ns").toString();
            }
            if (magnitude < MILLISECOND) {
                return appendFraction(out, magnitude, MICROSECOND, 3).append("µs").toString();
            }
            return appendFraction(out, magnitude, MILLISECOND, 6).append("ms").toString();
        }
        long seconds = Long.divideUnsigned(magnitude, SECOND);
        long fraction = Long.remainderUnsigned(magnitude, SECOND);
        long hours = seconds / 3600;
        long minutes = seconds / 60 % 60;
        if (hours > 0) {
            out.append(hours).append('h');
        }
        if (hours > 0 || minutes > 0) {
            out.append(minutes).append('m');
        }
        out.append(seconds % 60);
        appendDigits(out, fraction, 9);
        return out.append('s').toString();
    }

    /** {@code value / unit} with the remainder as up to {@code digits} decimals, trailing zeros dropped. */
    private static StringBuilder appendFraction(StringBuilder out, long value, long unit, int digits) {
        out.append(value / unit);
        appendDigits(out, value % unit, digits);
        return out;
    }

    private static void appendDigits(StringBuilder out, long fraction, int digits) {
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

    /**
     * Go's {@code time.ParseDuration}: a sequence of decimal numbers with units ({@code 300ms},
     * {@code 1.5h}, {@code 2m30s}), or a bare {@code 0}.
     *
     * @throws IllegalArgumentException with Go's wording
     */
    static long parseDuration(String text) {
        String rest = text;
        boolean negative = rest.startsWith("-");
        if (negative || rest.startsWith("+")) {
            rest = rest.substring(1);
        }
        if (rest.equals("0")) {
            return 0;
        }
        if (rest.isEmpty()) {
            throw new IllegalArgumentException("time: invalid duration \"" + text + "\"");
        }
        BigDecimal total = BigDecimal.ZERO;
        while (!rest.isEmpty()) {
            int numberEnd = 0;
            while (numberEnd < rest.length() && (Character.isDigit(rest.charAt(numberEnd)) || rest.charAt(numberEnd) == '.')) {
                numberEnd++;
            }
            int unitEnd = numberEnd;
            while (unitEnd < rest.length() && !Character.isDigit(rest.charAt(unitEnd)) && rest.charAt(unitEnd) != '.') {
                unitEnd++;
            }
            String number = rest.substring(0, numberEnd);
            String unit = rest.substring(numberEnd, unitEnd);
            if (number.isEmpty() || number.equals(".") || number.indexOf('.') != number.lastIndexOf('.')) {
                throw new IllegalArgumentException("time: invalid duration \"" + text + "\"");
            }
            long unitNanos = unitNanos(unit, text);
            total = total.add(new BigDecimal(number.startsWith(".") ? "0" + number : number).multiply(BigDecimal.valueOf(unitNanos)));
            rest = rest.substring(unitEnd);
        }
        if (total.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException("time: invalid duration \"" + text + "\"");
        }
        long nanos = total.longValue();
        return negative ? -nanos : nanos;
    }

    private static long unitNanos(String unit, String text) {
        switch (unit) {
            case "ns":
                return 1;
            case "us":
            case "µs":
            case "μs":
                return MICROSECOND;
            case "ms":
                return MILLISECOND;
            case "s":
                return SECOND;
            case "m":
                return 60 * SECOND;
            case "h":
                return 3600 * SECOND;
            case "":
                throw new IllegalArgumentException("time: missing unit in duration \"" + text + "\"");
            default:
                throw new IllegalArgumentException("time: unknown unit \"" + unit + "\" in duration \"" + text + "\"");
        }
    }

    /** nsqd's e2e latency text: one decimal and the largest unit the value exceeds ({@code 379.0ms}). */
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
