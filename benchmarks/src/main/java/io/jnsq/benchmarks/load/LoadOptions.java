package io.jnsq.benchmarks.load;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The load tool's command line, validated. Every run is bounded: a duration of at most
 * {@value #MAX_DURATION_SECONDS} s, a message count of at most {@value #MAX_COUNT}, and loopback
 * addresses only, so the tool cannot be pointed at another machine by mistake.
 */
record LoadOptions(Mode mode, InetSocketAddress address, boolean sink, String topic, String channel,
                   boolean channelGiven, int publishers, int consumers, int size, int batch, Duration duration,
                   long count, int rdy, Duration idleTimeout, long rate, int maxInFlight, Duration warmup,
                   Upgrades upgrades) {

    static final long MAX_DURATION_SECONDS = 600;
    static final long MAX_COUNT = 1_000_000_000L;
    /** Keeps the schedule's arithmetic exact enough and any run's message count within {@link #MAX_COUNT}. */
    static final long MAX_RATE = 10_000_000L;
    private static final int MAX_CONNECTIONS = 256;

    enum Mode {
        /** publishers only (nsq's bench_writer) */
        PUB,
        /** consumers only: drain what is queued (nsq's bench_reader) */
        SUB,
        /** both at once, with publish-to-delivery latency */
        PUBSUB
    }

    static final String USAGE = """
            usage: java -cp benchmarks.jar io.jnsq.benchmarks.load.LoadTool [options]

            nsq's bench_writer and bench_reader in one tool, for any nsqd on a loopback address.

              --mode=pub|sub|pubsub   pub: publishers only; sub: consumers only, draining what is
                                      queued; pubsub: both at once, with publish-to-delivery latency
                                      (default pub)
              --address=HOST:PORT     nsqd's TCP address, loopback only (default 127.0.0.1:4150)
              --sink                  ignore --address: start an in-process sink that answers OK to
                                      every publish and streams messages to subscribers, to measure
                                      the tool's own ceiling
              --topic=NAME            (default bench)
              --channel=NAME          consumers' channel (default ch); given in pub mode, the channel is
                                      created first so the published messages queue in it
              --publishers=N          publisher connections (default: available processors)
              --consumers=N           consumer connections (default: available processors)
              --size=BYTES            message body size (default 200)
              --batch=N               messages per MPUB; 1 sends one PUB per round trip (default 200)
              --duration=TIME         how long publishers publish, and the longest a drain may take,
                                      e.g. 10s, 500ms, 1m (default 10s, at most 600s)
              --count=N               stop publishing after N messages, or stop draining after N
                                      (default: no count, the duration decides)
              --rdy=N                 RDY per consumer connection (default 2500)
              --idle-timeout=TIME     consumers stop after this long without a message once nothing
                                      more is coming (default 3s)
              --rate=N                messages per second across all publisher connections, sent on a
                                      fixed schedule (open loop); 0 publishes flat out (default 0, at
                                      most 10000000)
              --max-in-flight=N       with --rate: commands a publisher connection may have sent and
                                      not yet seen OK for (default 64)
              --warmup=TIME           latency samples stamped in the first TIME of the run are not
                                      recorded (JIT warm-up); part of --duration, not added to it
                                      (default 0s)
              --tls                   every connection sends IDENTIFY with feature_negotiation and
                                      tls_v1, then speaks TLS (any certificate is accepted)
              --snappy                the same with snappy compression (after TLS with --tls)
              --deflate               the same with deflate compression (after TLS with --tls); not
                                      with --snappy
              --deflate-level=N       with --deflate: the level asked for, 1-9 (default 6)
              --help                  this text

            Without --rate, publishers keep one command in flight per connection and wait for its OK, as
            bench_writer does. With --rate, each publisher connection sends its share of the rate as
            batches at evenly spaced intended times (one batch every batch*publishers/rate seconds,
            connections staggered); a connection that falls behind sends what is due at once, never more,
            with at most --max-in-flight commands unanswered. Every body then carries the batch's
            intended send time, not the time it was actually written, so latency includes any time the
            publisher spent behind schedule (no coordinated omission). Consumers FIN every message.
            Rates count message bodies: MB/s is 10^6 bytes per second.
            """;

    private static final Set<String> FLAGS = Set.of("mode", "address", "sink", "topic", "channel", "publishers",
            "consumers", "size", "batch", "duration", "count", "rdy", "idle-timeout", "rate", "max-in-flight", "warmup",
            "tls", "snappy", "deflate", "deflate-level", "help");
    /** Flags that take no value. */
    private static final Set<String> SWITCHES = Set.of("sink", "help", "tls", "snappy", "deflate");

    /** @throws IllegalArgumentException naming the bad flag; {@code null} when help was asked for */
    static LoadOptions parse(String... args) {
        Map<String, String> flags = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + arg);
            }
            String name = arg.substring(2);
            String value = null;
            int equals = name.indexOf('=');
            if (equals >= 0) {
                value = name.substring(equals + 1);
                name = name.substring(0, equals);
            } else if (!SWITCHES.contains(name) && i + 1 < args.length) {
                value = args[++i];
            }
            if (!FLAGS.contains(name)) {
                throw new IllegalArgumentException("unknown flag --" + name);
            }
            flags.put(name, value == null ? "true" : value);
        }
        if (flags.containsKey("help")) {
            return null;
        }
        int processors = Runtime.getRuntime().availableProcessors();
        Mode mode = mode(flags.getOrDefault("mode", "pub"));
        boolean sink = Boolean.parseBoolean(flags.getOrDefault("sink", "false"));
        InetSocketAddress address = loopback(flags.getOrDefault("address", "127.0.0.1:4150"));
        String topic = flags.getOrDefault("topic", "bench");
        String channel = flags.getOrDefault("channel", "ch");
        int publishers = intFlag(flags, "publishers", processors, 1, MAX_CONNECTIONS);
        int consumers = intFlag(flags, "consumers", processors, 1, MAX_CONNECTIONS);
        int size = intFlag(flags, "size", 200, 1, 1024 * 1024);
        int batch = intFlag(flags, "batch", 200, 1, 10_000);
        Duration duration = duration(flags, "duration", "10s");
        if (duration.isZero() || duration.isNegative() || duration.toSeconds() > MAX_DURATION_SECONDS) {
            throw new IllegalArgumentException("--duration must be positive and at most " + MAX_DURATION_SECONDS + "s");
        }
        long count = longFlag(flags, "count", 0, 0, MAX_COUNT);
        int rdy = intFlag(flags, "rdy", 2500, 1, 1_000_000);
        Duration idleTimeout = duration(flags, "idle-timeout", "3s");
        if (idleTimeout.isZero() || idleTimeout.isNegative() || idleTimeout.toSeconds() > 60) {
            throw new IllegalArgumentException("--idle-timeout must be positive and at most 60s");
        }
        long rate = longFlag(flags, "rate", 0, 0, MAX_RATE);
        int maxInFlight = intFlag(flags, "max-in-flight", 64, 1, 100_000);
        Duration warmup = duration(flags, "warmup", "0s");
        if (warmup.isNegative() || warmup.compareTo(duration) >= 0) {
            throw new IllegalArgumentException("--warmup must be at least 0 and shorter than --duration, got " + flags.get("warmup"));
        }
        if (rate > 0 && mode == Mode.SUB) {
            throw new IllegalArgumentException("--rate paces publishers; sub mode has none");
        }
        if (flags.containsKey("deflate-level") && !flags.containsKey("deflate")) {
            throw new IllegalArgumentException("--deflate-level needs --deflate");
        }
        Upgrades upgrades = new Upgrades(booleanFlag(flags, "tls"), booleanFlag(flags, "snappy"),
                booleanFlag(flags, "deflate"), intFlag(flags, "deflate-level", 6, 1, 9));
        if (upgrades.any() && sink) {
            throw new IllegalArgumentException("--sink speaks plain V2 only: no --tls, --snappy or --deflate");
        }
        return new LoadOptions(mode, address, sink, topic, channel, flags.containsKey("channel"), publishers,
                consumers, size, batch, duration, count, rdy, idleTimeout, rate, maxInFlight, warmup, upgrades);
    }

    /** Whether publishers send on a schedule rather than flat out. */
    boolean paced() {
        return rate > 0 && publishing();
    }

    boolean publishing() {
        return mode != Mode.SUB;
    }

    boolean consuming() {
        return mode != Mode.PUB;
    }

    /** Publishers and consumers share this process and the stamped bodies, so latency is measurable. */
    boolean measuresLatency() {
        return mode == Mode.PUBSUB && size >= PublishBatch.STAMP_LENGTH;
    }

    String describe() {
        return "mode=" + mode.name().toLowerCase() + " address=" + (sink ? "in-process sink" : address.getHostString() + ":" + address.getPort())
                + " topic=" + topic + (consuming() || channelGiven ? " channel=" + channel : "")
                + (publishing() ? " publishers=" + publishers + " size=" + size + " batch=" + batch + (batch == 1 ? " (PUB)" : " (MPUB)") : "")
                + (consuming() ? " consumers=" + consumers + " rdy=" + rdy : "")
                + (paced() ? String.format(Locale.ROOT, " rate=%d/s (one batch per connection every %.3f ms, max-in-flight=%d)",
                        rate, PublishSchedule.intervalNanos(rate, publishers, batch) / 1e6, maxInFlight) : "")
                + " duration=" + duration.toMillis() + "ms" + (warmup.isZero() ? "" : " warmup=" + warmup.toMillis() + "ms")
                + (count > 0 ? " count=" + count : "")
                + (upgrades.any() ? " upgrades=" + upgrades.describe() : "");
    }

    private static boolean booleanFlag(Map<String, String> flags, String name) {
        String raw = flags.get(name);
        if (raw == null) {
            return false;
        }
        if (!raw.equals("true") && !raw.equals("false")) {
            throw new IllegalArgumentException("--" + name + " is a switch (--" + name + " or --" + name + "=false), got " + raw);
        }
        return Boolean.parseBoolean(raw);
    }

    private static Mode mode(String value) {
        try {
            return Mode.valueOf(value.toUpperCase());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--mode must be pub, sub or pubsub, got " + value);
        }
    }

    /** {@code host:port} on a loopback address, or an {@link IllegalArgumentException} naming {@code --address}. */
    static InetSocketAddress loopback(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("--address must be host:port, got " + hostPort);
        }
        String host = hostPort.substring(0, colon).replace("[", "").replace("]", "");
        int port;
        try {
            port = Integer.parseInt(hostPort.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--address port must be a number, got " + hostPort);
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("--address port must be in [1,65535], got " + port);
        }
        InetAddress resolved;
        try {
            resolved = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("--address: unknown host " + host);
        }
        if (!resolved.isLoopbackAddress()) {
            throw new IllegalArgumentException("--address must be a loopback address (127.0.0.0/8, ::1), got " + host);
        }
        return new InetSocketAddress(resolved, port);
    }

    private static int intFlag(Map<String, String> flags, String name, int fallback, int min, int max) {
        return (int) longFlag(flags, name, fallback, min, max);
    }

    private static long longFlag(Map<String, String> flags, String name, long fallback, long min, long max) {
        String raw = flags.get(name);
        if (raw == null) {
            return fallback;
        }
        long value;
        try {
            value = Long.parseLong(raw.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a number, got " + raw);
        }
        if (value < min || value > max) {
            throw new IllegalArgumentException("--" + name + " must be in [" + min + "," + max + "], got " + value);
        }
        return value;
    }

    /** Go-style durations as nsq's tools take them: {@code 500ms}, {@code 10s}, {@code 2m}. */
    private static Duration duration(Map<String, String> flags, String name, String fallback) {
        return duration(name, flags.getOrDefault(name, fallback));
    }

    /** {@code raw} as a Go-style duration, or an {@link IllegalArgumentException} naming {@code --name}. */
    static Duration duration(String name, String raw) {
        try {
            if (raw.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(raw.substring(0, raw.length() - 2)));
            }
            if (raw.endsWith("s")) {
                return Duration.ofMillis(Math.round(Double.parseDouble(raw.substring(0, raw.length() - 1)) * 1000));
            }
            if (raw.endsWith("m")) {
                return Duration.ofMillis(Math.round(Double.parseDouble(raw.substring(0, raw.length() - 1)) * 60_000));
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--" + name + " must be a duration such as 500ms, 10s or 1m, got " + raw);
    }
}
