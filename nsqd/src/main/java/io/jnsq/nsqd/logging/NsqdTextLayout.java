package io.jnsq.nsqd.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.LayoutBase;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Objects;

/**
 * nsqd's log line, byte for byte as Go's {@code log} package writes it for nsqd:
 * <pre>[nsqd] 2026/11/29 12:15:58.218730 INFO: message</pre>
 * the {@code --log-prefix} (default {@code "[nsqd] "}), local date and time to the microsecond, nsqd's
 * level name ({@code DEBUG}, {@code INFO}, {@code WARNING}, {@code ERROR}, {@code FATAL}) and a colon,
 * the message, and {@code \n} unless the message already ends with one. A stack trace, which nsqd never
 * prints, follows on the next lines.
 *
 * <p>Why a class and not a {@code PatternLayout}: a pattern only gets close. {@code %level} says
 * {@code WARN} where nsqd says {@code WARNING} and has no {@code FATAL} at all (a {@code %replace} regex
 * on every line would patch the one, a marker test the other); the microseconds take {@code %d} plus
 * {@code %micros}; {@code %n} is the platform's line separator where Go always writes {@code \n}; and
 * any {@code --log-prefix} would have to be escaped for the pattern language, where {@code %}, {@code (},
 * {@code )} and {@code \} mean something. Here the format is stated once, is tested to the byte, and
 * also writes the {@code FATAL} line of a startup that fails before logging is set up.
 */
public final class NsqdTextLayout extends LayoutBase<ILoggingEvent> {

    /** Everything up to the second, {@code 2026/11/29 12:15:58.}; the microseconds are appended. */
    private static final DateTimeFormatter UP_TO_THE_SECOND = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss.");

    private String prefix = "[nsqd] ";
    private ZoneId zone = ZoneId.systemDefault();
    /** The date and time of the second the last line was in: consecutive lines mostly share it. */
    private volatile Second lastSecond = new Second(Long.MIN_VALUE, "");

    private record Second(long epochSecond, String text) {
    }

    /** {@code --log-prefix}: written first, as is. */
    public void setPrefix(String prefix) {
        this.prefix = Objects.requireNonNull(prefix, "prefix");
    }

    public String getPrefix() {
        return prefix;
    }

    /** The time zone of the time stamps; the system's unless set (tests). */
    public void setZone(ZoneId zone) {
        this.zone = Objects.requireNonNull(zone, "zone");
        this.lastSecond = new Second(Long.MIN_VALUE, "");
    }

    @Override
    public String doLayout(ILoggingEvent event) {
        StringBuilder line = start(prefix, event.getInstant(), LogLevels.name(event), event.getFormattedMessage());
        IThrowableProxy thrown = event.getThrowableProxy();
        if (thrown != null) {
            line.append(ThrowableProxyUtil.asString(thrown));
            endLine(line);
        }
        return line.toString();
    }

    /** One line of nsqd's, for a message that does not go through Logback (a failed startup's {@code FATAL}). */
    public static String line(String prefix, Instant time, ZoneId zone, String levelName, String message) {
        NsqdTextLayout layout = new NsqdTextLayout();
        layout.setZone(zone);
        return layout.start(prefix, time, levelName, message).toString();
    }

    private StringBuilder start(String prefix, Instant time, String levelName, String message) {
        StringBuilder line = new StringBuilder(prefix.length() + 36 + message.length());
        line.append(prefix);
        appendTime(line, time);
        line.append(' ').append(levelName).append(": ").append(message);
        endLine(line);
        return line;
    }

    private void appendTime(StringBuilder line, Instant time) {
        Second second = lastSecond;
        if (second.epochSecond() != time.getEpochSecond()) {
            String text = UP_TO_THE_SECOND.format(LocalDateTime.ofInstant(Instant.ofEpochSecond(time.getEpochSecond()), zone));
            second = new Second(time.getEpochSecond(), text);
            lastSecond = second;
        }
        line.append(second.text());
        int micros = time.getNano() / 1000;
        for (int digits = 100_000; digits > 1 && micros < digits; digits /= 10) {
            line.append('0');
        }
        line.append(micros);
    }

    /** Go's {@code log} adds a newline only to a message that lacks one. */
    private static void endLine(StringBuilder line) {
        if (line.length() == 0 || line.charAt(line.length() - 1) != '\n') {
            line.append('\n');
        }
    }
}
