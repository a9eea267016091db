package io.jnsq.nsqd.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.LayoutBase;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * {@code --log-format=json}: one JSON object per line, for log shippers.
 * <pre>{"ts":"2026-11-29T11:15:58.218730Z","level":"INFO","msg":"TCP: listening on 127.0.0.1:4150","logger":"io.jnsq.server.tcp.TcpServer","thread":"main"}</pre>
 * {@code ts} is RFC 3339 in UTC to the microsecond; {@code level} is nsqd's name as in the text format
 * ({@code WARNING}, {@code FATAL}); {@code stack_trace} is added when the event carries an exception.
 *
 * <p>Logback's own {@code JsonEncoder} writes the time as epoch milliseconds plus a nanosecond field and
 * nests the logger context in every line; what shippers parse without configuration is one RFC 3339
 * field, so the few fields here are written with Jackson, which escapes them as JSON requires.
 */
public final class JsonLineLayout extends LayoutBase<ILoggingEvent> {

    private static final JsonFactory JSON = JsonFactory.builder().build();
    private static final DateTimeFormatter RFC3339_MICROS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSXXX").withZone(ZoneOffset.UTC);

    @Override
    public String doLayout(ILoggingEvent event) {
        IThrowableProxy thrown = event.getThrowableProxy();
        return line(event.getInstant(), LogLevels.name(event), event.getFormattedMessage(), event.getLoggerName(),
                event.getThreadName(), thrown == null ? null : ThrowableProxyUtil.asString(thrown));
    }

    /** One line, for a message that does not go through Logback (a failed startup's {@code FATAL}). */
    public static String line(Instant time, String levelName, String message, String logger, String thread, String stackTrace) {
        StringWriter out = new StringWriter(128 + message.length());
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("ts", RFC3339_MICROS.format(time));
            json.writeStringField("level", levelName);
            json.writeStringField("msg", message);
            json.writeStringField("logger", logger);
            json.writeStringField("thread", thread);
            if (stackTrace != null) {
                json.writeStringField("stack_trace", stackTrace);
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("a StringWriter does not fail", e);
        }
        return out.append('\n').toString();
    }
}
