package io.jnsq.nsqd;

import io.jnsq.broker.Version;
import io.jnsq.nsqd.logging.LogLevels;
import io.jnsq.nsqd.logging.NsqdLogging;
import io.jnsq.nsqd.logging.NsqdTextLayout;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneId;

/**
 * {@code nsqd} on the command line: parse flags, resolve options, start, run until SIGTERM or SIGINT.
 * Exit codes as nsqd's: 0 after a clean stop, {@code --help} or {@code --version}; 2 for a command line
 * the flag parser rejects; 1 when nsqd cannot start.
 */
public final class Main {

    private static final String DEFAULT_LOG_PREFIX = "[nsqd] ";

    private final PrintStream out;
    private final PrintStream err;

    Main(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(new Main(System.out, System.err).run(args));
    }

    /** Runs nsqd to completion and returns the process exit code. */
    int run(String... args) {
        CommandLine commandLine;
        try {
            commandLine = NsqdFlags.parse(args);
        } catch (FlagException e) {
            err.println(e.getMessage());
            err.print(NsqdFlags.usage(NsqdConfig.defaults()));
            return 2;
        }
        if (commandLine.helpRequested()) {
            out.print(NsqdFlags.usage(NsqdConfig.defaults()));
            return 0;
        }
        if (Boolean.TRUE.equals(commandLine.value(NsqdFlags.VERSION))) {
            out.println(Version.describe());
            return 0;
        }
        NsqdConfig config;
        try {
            config = OptionsResolver.resolve(commandLine);
        } catch (StartupException e) {
            return fatal(DEFAULT_LOG_PREFIX, e.getMessage());
        }
        // from here on every line, FATAL included, goes through logging, in order; close() writes what is queued
        try (NsqdLogging logging = NsqdLogging.install(err, config.logging())) {
            return run(commandLine, config, logging);
        }
    }

    private int run(CommandLine commandLine, NsqdConfig config, NsqdLogging logging) {
        warnAboutDeprecatedFlags(commandLine);
        warnWithoutExitOnOutOfMemory();
        ConfigListener logLevel = (previous, current) -> {
            if (previous.logging().level() != current.logging().level()) {
                logging.setLevel(current.logging().level());
            }
        };
        try (Nsqd nsqd = new Nsqd(config, logLevel)) {
            ShutdownSignal shutdown = ShutdownSignal.install();
            // covers the ways out that bypass the signal handlers, e.g. SIGHUP; the JVM exits right after
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                nsqd.close();
                logging.close();
            }, "nsqd-shutdown"));
            nsqd.start();
            shutdown.await();
        } catch (StartupException e) {
            LoggerFactory.getLogger(Main.class).error(LogLevels.FATAL, "{}", e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /** nsqd takes these flags and says nothing; jnsq says they do nothing. Only once logging is configured. */
    private static void warnAboutDeprecatedFlags(CommandLine commandLine) {
        for (Flag<?> flag : NsqdFlags.ALL) {
            if (flag.deprecated() && commandLine.isSet(flag)) {
                LoggerFactory.getLogger(Main.class).warn("--{} is deprecated and has no effect", flag.name());
            }
        }
    }

    /**
     * After an {@code OutOfMemoryError} a JVM may live on with some threads dead: no TCP, no /ping, no
     * answer to SIGTERM. {@code -XX:+ExitOnOutOfMemoryError} (or {@code CrashOnOutOfMemoryError}) ends it
     * at once instead, so a supervisor can restart it; it can only be set when the JVM starts.
     */
    private static void warnWithoutExitOnOutOfMemory() {
        if (!exitsOnOutOfMemory()) {
            LoggerFactory.getLogger(Main.class).warn("the JVM was started without -XX:+ExitOnOutOfMemoryError: "
                    + "after an OutOfMemoryError it may keep running unable to serve");
        }
    }

    static boolean exitsOnOutOfMemory() {
        try {
            var diagnostics = java.lang.management.ManagementFactory
                    .getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
            if (diagnostics == null) {
                return true; // not HotSpot: nothing to tell
            }
            return "true".equals(diagnostics.getVMOption("ExitOnOutOfMemoryError").getValue())
                    || "true".equals(diagnostics.getVMOption("CrashOnOutOfMemoryError").getValue());
        } catch (RuntimeException | LinkageError unknown) {
            return true;
        }
    }

    /**
     * nsqd's fatal line, {@code [nsqd] 2006/01/02 15:04:05.000000 FATAL: message}, straight to stderr: the
     * options, and so the log format, are not known yet.
     */
    private int fatal(String prefix, String message) {
        err.print(NsqdTextLayout.line(prefix, Instant.now(), ZoneId.systemDefault(), "FATAL", message));
        err.flush();
        return 1;
    }
}
