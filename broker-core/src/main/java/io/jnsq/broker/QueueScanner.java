package io.jnsq.broker;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Requeues timed-out in-flight messages and releases due deferred ones, every 100 ms as nsqd does.
 * Unlike nsqd it looks at every channel each tick (a heap peek each), so a new channel is never late.
 */
final class QueueScanner implements AutoCloseable {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(QueueScanner.class);

    static final long INTERVAL_MILLIS = 100;

    private final Broker broker;
    private final ScheduledExecutorService timers;
    private ScheduledFuture<?> task;

    QueueScanner(Broker broker, ScheduledExecutorService timers) {
        this.broker = broker;
        this.timers = timers;
    }

    void start() {
        task = timers.scheduleWithFixedDelay(this::scan, INTERVAL_MILLIS, INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void scan() {
        long now = broker.ticker().nanos();
        try {
            for (Topic topic : broker.topicSnapshot()) {
                topic.releaseDueDeferred(now);
                for (Channel channel : topic.channelSnapshot()) {
                    channel.processDue(now);
                }
            }
        } catch (RuntimeException e) {
            // an escaping exception would cancel the schedule and stop every timeout for good
            log.error("QUEUESCAN: failed - {}", e.toString(), e);
        }
    }

    @Override
    public void close() {
        if (task != null) {
            task.cancel(false);
        }
    }
}
