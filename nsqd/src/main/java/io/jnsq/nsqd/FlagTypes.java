package io.jnsq.nsqd;

import com.fasterxml.jackson.databind.JsonNode;
import io.jnsq.broker.GoDuration;
import io.jnsq.broker.config.TlsRequired;
import io.jnsq.nsqd.logging.LogFormat;
import io.jnsq.nsqd.logging.LogLevel;

import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.LongFunction;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The kinds of flag nsqd has, read the way Go's {@code flag} package and nsqd's config loader read them. */
final class FlagTypes {

    static final FlagType<String> STRING = new StringType();
    static final FlagType<Integer> INT = new IntegerType<>(Integer.MIN_VALUE, Integer.MAX_VALUE, Math::toIntExact);
    static final FlagType<Long> INT64 = new IntegerType<>(Long.MIN_VALUE, Long.MAX_VALUE, Long::valueOf);
    static final FlagType<Boolean> BOOL = new BoolType();
    static final FlagType<Duration> DURATION = new DurationType();
    static final FlagType<LogLevel> LOG_LEVEL = new LogLevelType();
    static final FlagType<LogFormat> LOG_FORMAT = new LogFormatType();
    static final FlagType<TlsRequired> TLS_REQUIRED = new TlsRequiredType();
    static final FlagType<String> TLS_MIN_VERSION = new TlsMinVersionType();
    static final FlagType<List<String>> STRINGS = new StringListType();
    static final FlagType<List<Double>> PERCENTILES = new PercentileListType();

    private static final Set<String> GO_TRUE = Set.of("1", "t", "T", "TRUE", "true", "True");
    private static final Set<String> GO_FALSE = Set.of("0", "f", "F", "FALSE", "false", "False");

    private FlagTypes() {
    }

    /** Go's {@code strconv.ParseBool}. */
    static boolean parseGoBool(String text) {
        if (GO_TRUE.contains(text)) {
            return true;
        }
        if (GO_FALSE.contains(text)) {
            return false;
        }
        throw new IllegalArgumentException("parse error");
    }

    /**
     * Go's {@code strconv.ParseInt(text, 0, …)} as the {@code flag} package calls it: an optional sign,
     * then decimal, {@code 0x} hex, {@code 0o} or leading-{@code 0} octal, or {@code 0b} binary, with
     * {@code _} allowed between digits.
     */
    static long parseGoInteger(String text, long min, long max) {
        String digits = text;
        boolean negative = false;
        if (!digits.isEmpty() && (digits.charAt(0) == '+' || digits.charAt(0) == '-')) {
            negative = digits.charAt(0) == '-';
            digits = digits.substring(1);
        }
        int radix = 10;
        boolean prefixed = true;
        String lower = digits.toLowerCase(Locale.ROOT);
        if (lower.startsWith("0x")) {
            radix = 16;
            digits = digits.substring(2);
        } else if (lower.startsWith("0b")) {
            radix = 2;
            digits = digits.substring(2);
        } else if (lower.startsWith("0o")) {
            radix = 8;
            digits = digits.substring(2);
        } else if (digits.length() > 1 && digits.charAt(0) == '0') {
            radix = 8;
            digits = digits.substring(1);
        } else {
            prefixed = false;
        }
        boolean badUnderscores = digits.endsWith("_") || digits.contains("__") || (!prefixed && digits.startsWith("_"));
        String plain = digits.replace("_", "");
        if (plain.isEmpty() || badUnderscores || !allDigits(plain, radix)) {
            throw new IllegalArgumentException("parse error");
        }
        BigInteger value = new BigInteger(plain, radix);
        value = negative ? value.negate() : value;
        if (value.compareTo(BigInteger.valueOf(min)) < 0 || value.compareTo(BigInteger.valueOf(max)) > 0) {
            throw new IllegalArgumentException("value out of range");
        }
        return value.longValue();
    }

    private static boolean allDigits(String text, int radix) {
        return text.chars().allMatch(c -> c < 128 && Character.digit(c, radix) >= 0);
    }

    /** Go's {@code %q} for the plain texts nsqd's defaults are. */
    static String goQuote(String text) {
        return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n").replace("\t", "\\t") + '"';
    }

    private static IllegalArgumentException wrongType(String expected, JsonNode value) {
        return new IllegalArgumentException("expected " + expected + ", got " + value);
    }

    private static final class StringType implements FlagType<String> {
        @Override
        public String parse(String text) {
            return text;
        }

        @Override
        public String fromConfig(JsonNode value) {
            if (!value.isValueNode()) {
                throw wrongType("a string", value);
            }
            return value.asText();
        }

        @Override
        public String typeName() {
            return "string";
        }

        @Override
        public String describeDefault(String value) {
            return value.isEmpty() ? null : goQuote(value);
        }
    }

    private static final class IntegerType<T extends Number> implements FlagType<T> {
        private final long min;
        private final long max;
        private final LongFunction<T> narrowing;

        IntegerType(long min, long max, LongFunction<T> narrowing) {
            this.min = min;
            this.max = max;
            this.narrowing = narrowing;
        }

        @Override
        public T parse(String text) {
            return narrowing.apply(parseGoInteger(text, min, max));
        }

        @Override
        public T fromConfig(JsonNode value) {
            if (value.isTextual()) {
                return parse(value.asText());
            }
            if (!value.isIntegralNumber()) {
                throw wrongType("an integer", value);
            }
            return parse(value.bigIntegerValue().toString());
        }

        @Override
        public String typeName() {
            return "int";
        }

        @Override
        public String describeDefault(T value) {
            return value.longValue() == 0 ? null : value.toString();
        }
    }

    private static final class BoolType implements FlagType<Boolean> {
        @Override
        public Boolean parse(String text) {
            return parseGoBool(text);
        }

        @Override
        public Boolean fromConfig(JsonNode value) {
            if (value.isBoolean()) {
                return value.booleanValue();
            }
            if (value.isTextual()) {
                return parse(value.asText());
            }
            throw wrongType("a boolean", value);
        }

        @Override
        public boolean isBool() {
            return true;
        }

        @Override
        public String typeName() {
            return "";
        }

        @Override
        public String describeDefault(Boolean value) {
            return value ? "true" : null;
        }
    }

    /** In the config file a bare integer means milliseconds, as nsqd's config loader reads it. */
    private static final class DurationType implements FlagType<Duration> {
        @Override
        public Duration parse(String text) {
            return GoDuration.parse(text);
        }

        @Override
        public Duration fromConfig(JsonNode value) {
            if (value.isTextual()) {
                return parse(value.asText());
            }
            if (value.isIntegralNumber() && value.canConvertToLong()) {
                return Duration.ofMillis(value.longValue());
            }
            throw wrongType("a duration string or an integer of milliseconds", value);
        }

        @Override
        public String typeName() {
            return "duration";
        }

        @Override
        public String describeDefault(Duration value) {
            return value.isZero() ? null : GoDuration.format(value);
        }
    }

    private static final class LogLevelType implements FlagType<LogLevel> {
        @Override
        public LogLevel parse(String text) {
            return LogLevel.parse(text);
        }

        @Override
        public LogLevel fromConfig(JsonNode value) {
            if (!value.isTextual()) {
                throw wrongType("a log level name", value);
            }
            return parse(value.asText());
        }

        @Override
        public String typeName() {
            return "value";
        }

        /** nsqd prints its levels in capitals and calls WARN "WARNING". */
        @Override
        public String describeDefault(LogLevel value) {
            return value == LogLevel.WARN ? "WARNING" : value.name();
        }

        @Override
        public Object configValue(LogLevel value) {
            return value.number();
        }
    }

    /** {@code --log-format}: {@code text} or {@code json}, in any case. */
    private static final class LogFormatType implements FlagType<LogFormat> {
        @Override
        public LogFormat parse(String text) {
            return LogFormat.parse(text);
        }

        @Override
        public LogFormat fromConfig(JsonNode value) {
            if (!value.isTextual()) {
                throw wrongType("\"text\" or \"json\"", value);
            }
            return parse(value.asText());
        }

        @Override
        public String typeName() {
            return "string";
        }

        @Override
        public String describeDefault(LogFormat value) {
            return goQuote(value.flagValue());
        }

        @Override
        public Object configValue(LogFormat value) {
            return value.flagValue();
        }
    }

    /** {@code --tls-required}: a boolean flag that also takes {@code tcp-https}. */
    private static final class TlsRequiredType implements FlagType<TlsRequired> {
        @Override
        public TlsRequired parse(String text) {
            String lower = text.toLowerCase(Locale.ROOT);
            if (lower.equals("tcp-https")) {
                return TlsRequired.REQUIRED_EXCEPT_HTTP;
            }
            return parseGoBool(lower) ? TlsRequired.REQUIRED : TlsRequired.NOT_REQUIRED;
        }

        @Override
        public TlsRequired fromConfig(JsonNode value) {
            if (value.isBoolean() || value.isTextual()) {
                return parse(value.asText());
            }
            throw wrongType("true, false or \"tcp-https\"", value);
        }

        @Override
        public boolean isBool() {
            return true;
        }

        @Override
        public String typeName() {
            return "";
        }

        /** nsqd shows the setting's number, which for the default is Go's zero value. */
        @Override
        public String describeDefault(TlsRequired value) {
            return value == TlsRequired.NOT_REQUIRED ? null : String.valueOf(value.number());
        }

        @Override
        public Object configValue(TlsRequired value) {
            return value.number();
        }
    }

    private static final class TlsMinVersionType implements FlagType<String> {
        private static final List<String> NAMES = List.of("tls1.0", "tls1.1", "tls1.2", "tls1.3");

        @Override
        public String parse(String text) {
            String lower = text.toLowerCase(Locale.ROOT);
            if (!NAMES.contains(lower)) {
                throw new IllegalArgumentException("unknown tlsVersionOption " + goQuote(text));
            }
            return lower;
        }

        @Override
        public String fromConfig(JsonNode value) {
            if (!value.isTextual()) {
                throw wrongType("one of " + NAMES, value);
            }
            return parse(value.asText());
        }

        @Override
        public String typeName() {
            return "value";
        }

        @Override
        public String describeDefault(String value) {
            return value;
        }

        /** Go's {@code tls.VersionTLS10} … {@code VersionTLS13}, as nsqd shows them. */
        @Override
        public Object configValue(String value) {
            return 0x0301 + NAMES.indexOf(value);
        }
    }

    /** A repeatable flag; in the config file an array of strings, or one comma-separated string. */
    private static final class StringListType implements FlagType<List<String>> {
        @Override
        public List<String> parse(String text) {
            return List.of(text);
        }

        @Override
        public List<String> fromConfig(JsonNode value) {
            if (value.isTextual()) {
                return List.of(value.asText().split(",", -1));
            }
            if (!value.isArray()) {
                throw wrongType("an array of strings", value);
            }
            List<String> values = new ArrayList<>();
            for (JsonNode element : value) {
                if (!element.isTextual()) {
                    throw wrongType("an array of strings", value);
                }
                values.add(element.asText());
            }
            return values;
        }

        @Override
        public List<String> repeat(List<String> earlier, List<String> later) {
            return Stream.concat(earlier.stream(), later.stream()).toList();
        }

        @Override
        public String typeName() {
            return "value";
        }

        @Override
        public String describeDefault(List<String> value) {
            return value.isEmpty() ? null : String.join(",", value);
        }
    }

    /** Repeatable and comma-separated, kept sorted from the highest percentile down as nsqd does. */
    private static final class PercentileListType implements FlagType<List<Double>> {
        @Override
        public List<Double> parse(String text) {
            return sorted(Arrays.stream(text.split(",", -1)).map(PercentileListType::parseFloat));
        }

        @Override
        public List<Double> fromConfig(JsonNode value) {
            if (value.isTextual()) {
                return sorted(Arrays.stream(value.asText().split(",", -1)).map(String::strip).map(PercentileListType::parseFloat));
            }
            if (!value.isArray()) {
                throw wrongType("an array of numbers", value);
            }
            List<Double> values = new ArrayList<>();
            for (JsonNode element : value) {
                if (!element.isNumber()) {
                    throw wrongType("an array of numbers", value);
                }
                values.add(element.doubleValue());
            }
            return sorted(values.stream());
        }

        @Override
        public List<Double> repeat(List<Double> earlier, List<Double> later) {
            return sorted(Stream.concat(earlier.stream(), later.stream()));
        }

        @Override
        public String typeName() {
            return "value";
        }

        @Override
        public String describeDefault(List<Double> value) {
            return value.isEmpty() ? null
                    : value.stream().map(v -> String.format(Locale.ROOT, "%f", v)).collect(Collectors.joining(","));
        }

        /** Go's ParseFloat syntax; Java's alone would also take "1d", "2f" and surrounding blanks. */
        private static double parseFloat(String text) {
            boolean goSyntax = !text.isEmpty() && text.equals(text.strip())
                    && "dDfF".indexOf(text.charAt(text.length() - 1)) < 0;
            if (goSyntax) {
                try {
                    return Double.parseDouble(text);
                } catch (NumberFormatException e) {
                    // reported below, in nsqd's words
                }
            }
            throw new IllegalArgumentException("could not parse: " + text);
        }

        private static List<Double> sorted(Stream<Double> values) {
            return values.sorted(Comparator.reverseOrder()).toList();
        }
    }
}
