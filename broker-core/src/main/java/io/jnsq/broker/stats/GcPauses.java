package io.jnsq.broker.stats;

import com.sun.management.GarbageCollectionNotificationInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.Arrays;

/**
 * The JVM's most recent stop-the-world pauses, like Go's 256-entry {@code MemStats.PauseNs}, for the
 * {@code gc_pause_usec_*} numbers of {@code /stats}. Collectors only report pause durations through
 * notifications, so the recorder listens from the moment it is first used.
 */
public final class GcPauses {

    public static final GcPauses JVM = new GcPauses();

    private static final Logger log = LoggerFactory.getLogger(GcPauses.class);
    private static final int CAPACITY = 256;

    private final long[] recentMicros = new long[CAPACITY];
    private long recorded;

    private GcPauses() {
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            // concurrent cycles (ZGC "Cycles", Shenandoah "Cycles", G1 "Concurrent") do not stop the application
            String name = collector.getName();
            if (name.contains("Cycles") || name.contains("Concurrent") || !(collector instanceof NotificationEmitter)) {
                continue;
            }
            try {
                ((NotificationEmitter) collector).addNotificationListener((notification, handback) -> {
                    if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                        GarbageCollectionNotificationInfo info =
                                GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
                        record(info.getGcInfo().getDuration() * 1000);
                    }
                }, null, null);
            } catch (RuntimeException e) {
                log.debug("cannot follow GC pauses of {}: {}", name, e.toString());
            }
        }
    }

    private synchronized void record(long micros) {
        recentMicros[(int) (recorded++ % CAPACITY)] = micros;
    }

    /** The pause at {@code percent} of the recent ones, by nsqd's rule (nearest rank, rounded half up). */
    public synchronized long percentileMicros(double percent) {
        int length = (int) Math.min(recorded, CAPACITY);
        if (length == 0) {
            return 0;
        }
        long[] sorted = Arrays.copyOf(recentMicros, length);
        Arrays.sort(sorted);
        int index = (int) Math.floor(percent / 100.0 * length + 0.5);
        return sorted[Math.min(index, length - 1)];
    }
}
