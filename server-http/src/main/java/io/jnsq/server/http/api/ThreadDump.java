package io.jnsq.server.http.api;

import java.lang.management.LockInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.MonitorInfo;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Comparator;

/** Every thread's stack, jstack-style: the JVM's answer to Go's goroutine dump. */
final class ThreadDump {

    private ThreadDump() {
    }

    static String all() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        ThreadInfo[] infos = threads.dumpAllThreads(threads.isObjectMonitorUsageSupported(), threads.isSynchronizerUsageSupported());
        Arrays.sort(infos, Comparator.comparing(ThreadInfo::getThreadName));
        StringBuilder out = new StringBuilder(infos.length * 512);
        out.append("threads: ").append(infos.length).append("\n\n");
        for (ThreadInfo info : infos) {
            append(out, info);
        }
        long[] deadlocked = threads.findDeadlockedThreads();
        if (deadlocked != null) {
            out.append("deadlocked thread ids: ").append(Arrays.toString(deadlocked)).append('\n');
        }
        return out.toString();
    }

    private static void append(StringBuilder out, ThreadInfo info) {
        out.append('"').append(info.getThreadName()).append("\" #").append(info.getThreadId());
        if (info.isDaemon()) {
            out.append(" daemon");
        }
        out.append(" prio=").append(info.getPriority()).append(' ').append(info.getThreadState());
        if (info.getLockName() != null) {
            out.append(" on ").append(info.getLockName());
            if (info.getLockOwnerName() != null) {
                out.append(" owned by \"").append(info.getLockOwnerName()).append("\" #").append(info.getLockOwnerId());
            }
        }
        out.append('\n');
        StackTraceElement[] stack = info.getStackTrace();
        MonitorInfo[] monitors = info.getLockedMonitors();
        for (int depth = 0; depth < stack.length; depth++) {
            out.append("\tat ").append(stack[depth]).append('\n');
            for (MonitorInfo monitor : monitors) {
                if (monitor.getLockedStackDepth() == depth) {
                    out.append("\t- locked ").append(monitor).append('\n');
                }
            }
        }
        LockInfo[] synchronizers = info.getLockedSynchronizers();
        if (synchronizers.length > 0) {
            out.append("\tlocked synchronizers:\n");
            for (LockInfo lock : synchronizers) {
                out.append("\t- ").append(lock).append('\n');
            }
        }
        out.append('\n');
    }
}
