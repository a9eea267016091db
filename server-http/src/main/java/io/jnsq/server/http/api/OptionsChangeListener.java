package io.jnsq.server.http.api;

import io.jnsq.broker.Options;

/**
 * Told after {@code PUT /config/:opt} has swapped in new options, so that what acts on an option at
 * runtime can follow it: the launcher, for one, sets its logging backend's level when {@code log_level}
 * changes (this module knows no logging backend). Called on the thread that serves the request, one
 * change at a time, in the order the changes were made; it must not block.
 */
@FunctionalInterface
public interface OptionsChangeListener {

    /** Does nothing: {@code PUT /config/log_level} then only changes what {@code GET} answers. */
    OptionsChangeListener NONE = (previous, current) -> {
    };

    void optionsChanged(Options previous, Options current);
}
