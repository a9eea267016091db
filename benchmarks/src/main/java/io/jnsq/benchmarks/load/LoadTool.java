package io.jnsq.benchmarks.load;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * An end-to-end load generator for any nsqd on a loopback address: nsq's bench_writer and
 * bench_reader in one process, plus an in-process sink to measure the tool's own ceiling.
 * {@code --help} lists the flags. Exit codes: 0 after a run, 1 when the run failed, 2 for bad flags.
 */
public final class LoadTool {

    /** Setting up connections takes milliseconds; this long means something is wrong. */
    private static final long SETUP_TIMEOUT_SECONDS = 30;
    /** Beyond the run's own bounds, how long to wait for threads that should already have ended. */
    private static final long JOIN_MARGIN_MILLIS = 45_000;

    private LoadTool() {
    }

    public static void main(String[] args) {
        LoadOptions options;
        try {
            options = LoadOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("load tool: " + e.getMessage());
            System.err.println("run with --help for the flags");
            System.exit(2);
            return;
        }
        if (options == null) {
            System.out.print(LoadOptions.USAGE);
            return;
        }
        System.exit(run(options, System.out) ? 0 : 1);
    }

    /** Runs one load test and prints its report; false when it failed. */
    static boolean run(LoadOptions options, PrintStream report) {
        report.println("jnsq load tool: " + options.describe());
        try (LoadSink sink = options.sink() ? new LoadSink(options.size()) : null) {
            InetSocketAddress target = sink != null ? sink.address() : options.address();
            if (sink == null && options.mode() == LoadOptions.Mode.PUB && options.channelGiven()) {
                SubscriberConnection.createChannel(target, options.topic(), options.channel(), options.upgrades());
            }
            return runConnections(options, target, report);
        } catch (IOException e) {
            report.println("FAILED: " + e.getMessage());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            report.println("FAILED: interrupted");
            return false;
        }
    }

    private static boolean runConnections(LoadOptions options, InetSocketAddress target, PrintStream report)
            throws InterruptedException {
        RunControl control = new RunControl(options);
        int publisherCount = options.publishing() ? options.publishers() : 0;
        int consumerCount = options.consuming() ? options.consumers() : 0;
        CountDownLatch ready = new CountDownLatch(publisherCount + consumerCount);
        CountDownLatch go = new CountDownLatch(1);
        List<PublisherConnection> publishers = new ArrayList<>();
        List<SubscriberConnection> subscribers = new ArrayList<>();
        List<Thread> publisherThreads = new ArrayList<>();
        List<Thread> subscriberThreads = new ArrayList<>();
        for (int i = 0; i < consumerCount; i++) {
            SubscriberConnection subscriber = new SubscriberConnection(target, options, control, ready, go);
            subscribers.add(subscriber);
            subscriberThreads.add(start(subscriber, "load-sub-" + i));
        }
        for (int i = 0; i < publisherCount; i++) {
            PublisherConnection publisher = new PublisherConnection(target, options, control, ready, go, i);
            publishers.add(publisher);
            publisherThreads.add(start(publisher, "load-pub-" + i));
        }

        if (!ready.await(SETUP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            control.fail(new IOException("connections not ready within " + SETUP_TIMEOUT_SECONDS + "s"));
        }
        control.start();
        go.countDown();

        long bound = options.duration().toMillis() + options.idleTimeout().toMillis() + JOIN_MARGIN_MILLIS;
        long joinDeadline = System.currentTimeMillis() + bound;
        joinAll(publisherThreads, joinDeadline);
        control.publishersDone();
        joinAll(subscriberThreads, joinDeadline);
        if (publisherThreads.stream().anyMatch(Thread::isAlive) || subscriberThreads.stream().anyMatch(Thread::isAlive)) {
            control.fail(new IOException("connections still running " + bound + " ms after the start; aborted"));
            publishers.forEach(PublisherConnection::abort);
            subscribers.forEach(SubscriberConnection::abort);
            joinAll(publisherThreads, System.currentTimeMillis() + 5_000);
            joinAll(subscriberThreads, System.currentTimeMillis() + 5_000);
        }

        LoadReport.print(report, options, control, publishers, subscribers);
        if (control.failed()) {
            report.println("FAILED: " + control.failure());
            return false;
        }
        return true;
    }

    private static Thread start(Runnable connection, String name) {
        Thread thread = new Thread(connection, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static void joinAll(List<Thread> threads, long deadlineMillis) throws InterruptedException {
        for (Thread thread : threads) {
            thread.join(Math.max(1, deadlineMillis - System.currentTimeMillis()));
        }
    }
}
