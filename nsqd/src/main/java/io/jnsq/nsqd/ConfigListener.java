package io.jnsq.nsqd;

/**
 * Told after the running configuration was swapped ({@code PUT /config/:opt}, the bound ports resolved at
 * start), on the thread that changed it, one change at a time, in order; it must not block.
 */
@FunctionalInterface
public interface ConfigListener {

    ConfigListener NONE = (previous, current) -> {
    };

    void configChanged(NsqdConfig previous, NsqdConfig current);
}
