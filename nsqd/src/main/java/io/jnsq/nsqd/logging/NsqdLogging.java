package io.jnsq.nsqd.logging;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.Layout;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/**
 * nsqd's logging, set up on Logback by the launcher: every line goes through one {@link AsyncAppender}
 * to stderr (as nsqd writes its log), in {@code --log-format}, at {@code --log-level}; {@code PUT
 * /config/log_level} changes the level through {@link #setLevel}.
 *
 * <p>A thread that logs, an event loop above all, never writes to stderr itself: it puts the event in a
 * bounded queue and goes on, and one worker thread writes. When stderr is slow or stalled (a full pipe,
 * a stopped terminal) the queue fills and lines are dropped instead of the broker waiting for them.
 *
 * <p>Installed for the run of {@code Main}; {@link #close()} writes what is still queued (for at most
 * {@link #MAX_FLUSH_MILLIS}) and puts back the appenders and levels it found.
 */
public final class NsqdLogging implements AutoCloseable {

    /** Log lines waiting for stderr, at most. */
    static final int QUEUE_SIZE = 8192;
    /**
     * Once fewer than this many places are left, DEBUG and INFO lines are dropped; WARNING and ERROR
     * still go in until the queue is full. Logback's AsyncAppender works so (levels up to INFO are the
     * "discardable" ones); the threshold is stated here because 0 would turn it off: then a flood of
     * per-connection INFO lines could fill the queue and the one ERROR that explains it would be lost.
     * A fifth of the queue (Logback's own default) keeps 1,638 places for warnings and errors.
     */
    static final int DISCARDING_THRESHOLD = QUEUE_SIZE / 5;
    /** How long {@link #close()} waits for queued lines to be written: a stalled stderr cannot hold up exit. */
    static final int MAX_FLUSH_MILLIS = 1000;

    /** Where nsqd's own loggers live; the rest (Netty, the JDK's) stays at INFO or above. */
    private static final String NSQD_LOGGERS = "io.jnsq";

    private final LoggerContext context;
    private final AsyncAppender async;
    private final List<Appender<ILoggingEvent>> replaced;
    private final Level rootLevelBefore;
    private final Level nsqdLevelBefore;
    private boolean closed;

    private NsqdLogging(LoggerContext context, AsyncAppender async, List<Appender<ILoggingEvent>> replaced,
                        Level rootLevelBefore, Level nsqdLevelBefore) {
        this.context = context;
        this.async = async;
        this.replaced = replaced;
        this.rootLevelBefore = rootLevelBefore;
        this.nsqdLevelBefore = nsqdLevelBefore;
    }

    /**
     * Replaces the root logger's appenders with nsqd's, writing to {@code stderr}, and sets the levels
     * from {@code config} ({@code --log-format}, {@code --log-prefix}, {@code --log-level}).
     *
     * @throws IllegalStateException when SLF4J is bound to something other than Logback
     */
    public static NsqdLogging install(OutputStream stderr, LoggingConfig config) {
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (!(factory instanceof LoggerContext context)) {
            throw new IllegalStateException("SLF4J is bound to " + factory.getClass().getName() + ", not Logback");
        }
        OutputStreamAppender<ILoggingEvent> writer = new OutputStreamAppender<>();
        writer.setContext(context);
        writer.setName("nsqd-stderr");
        writer.setEncoder(encoder(context, layout(context, config)));
        writer.setOutputStream(new NotClosing(stderr));
        writer.start();

        AsyncAppender async = new AsyncAppender();
        async.setContext(context);
        async.setName("nsqd-async");
        async.setQueueSize(QUEUE_SIZE);
        async.setDiscardingThreshold(DISCARDING_THRESHOLD);
        // a full queue drops the line rather than blocking the thread that logs
        async.setNeverBlock(true);
        async.setMaxFlushTime(MAX_FLUSH_MILLIS);
        async.addAppender(writer);
        async.start();

        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        Logger nsqd = context.getLogger(NSQD_LOGGERS);
        List<Appender<ILoggingEvent>> replaced = new ArrayList<>();
        for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
            replaced.add(it.next());
        }
        NsqdLogging logging = new NsqdLogging(context, async, replaced, root.getLevel(), nsqd.getLevel());
        logging.setLevel(config.level());
        root.addAppender(async);
        replaced.forEach(root::detachAppender);
        return logging;
    }

    private static Layout<ILoggingEvent> layout(LoggerContext context, LoggingConfig config) {
        Layout<ILoggingEvent> layout;
        if (config.format() == LogFormat.JSON) {
            layout = new JsonLineLayout();
        } else {
            NsqdTextLayout text = new NsqdTextLayout();
            text.setPrefix(config.prefix());
            layout = text;
        }
        layout.setContext(context);
        layout.start();
        return layout;
    }

    private static LayoutWrappingEncoder<ILoggingEvent> encoder(LoggerContext context, Layout<ILoggingEvent> layout) {
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(context);
        encoder.setLayout(layout);
        encoder.setCharset(StandardCharsets.UTF_8);
        encoder.start();
        return encoder;
    }

    /**
     * nsqd's loggers at {@code level}; everything else at INFO or above: nsqd's debug output is nsqd's
     * own, and Netty's debug chatter would drown it.
     */
    public synchronized void setLevel(LogLevel level) {
        if (closed) {
            return; // the levels found at install are back
        }
        Level nsqdLevel = LogLevels.logbackLevel(level);
        context.getLogger(NSQD_LOGGERS).setLevel(nsqdLevel);
        context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(nsqdLevel.isGreaterOrEqual(Level.INFO) ? nsqdLevel : Level.INFO);
    }

    /**
     * Writes what is queued (waiting at most {@link #MAX_FLUSH_MILLIS}), then puts back the appenders and
     * levels found at {@link #install}. Any number of times, from any thread (a shutdown hook, say).
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.detachAppender(async);
        async.stop();
        replaced.forEach(root::addAppender);
        root.setLevel(rootLevelBefore);
        context.getLogger(NSQD_LOGGERS).setLevel(nsqdLevelBefore);
    }

    /** Logback closes its stream when it stops; stderr must stay open for whatever comes after. */
    private static final class NotClosing extends OutputStream {
        private final OutputStream out;

        NotClosing(OutputStream out) {
            this.out = Objects.requireNonNull(out, "out");
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length);
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}
