package io.jnsq.server.http.api;

import io.jnsq.broker.Broker;
import io.jnsq.broker.stats.GcPauses;
import io.jnsq.broker.stats.MemoryStats;
import io.jnsq.broker.stats.Stats;

import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET /stats}: {@code format=json} for JSON, anything else text; {@code topic} and
 * {@code channel} filter; {@code include_clients} and {@code include_mem} are {@code true/1/false/0},
 * any other value or none meaning true.
 */
final class StatsHandler {

    private final Broker broker;
    // held from construction on, so that pauses are recorded before the first /stats
    private final GcPauses gcPauses = GcPauses.JVM;

    StatsHandler(Broker broker) {
        this.broker = broker;
    }

    ApiResponse stats(ApiRequest request) throws ApiError {
        QueryParams query = request.query();
        boolean json = query.firstOrEmpty("format").equals("json");
        boolean includeClients = boolParam(query.first("include_clients"));
        boolean includeMemory = boolParam(query.first("include_mem"));

        Stats stats = Stats.collect(broker, query.firstOrEmpty("topic"), query.firstOrEmpty("channel"), includeClients);
        String health = broker.health().status();
        long startTime = broker.startTimeSeconds();
        MemoryStats memory = includeMemory ? MemoryStats.read(gcPauses) : null;
        if (json) {
            return ApiResponse.json(StatsJson.render(stats, health, startTime, memory));
        }
        long nowNanos = TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis());
        long uptime = nowNanos - TimeUnit.SECONDS.toNanos(startTime);
        return ApiResponse.text(StatsText.render(stats, health, startTime, uptime, memory,
                TimeUnit.NANOSECONDS.toSeconds(nowNanos)));
    }

    private static boolean boolParam(Optional<String> value) {
        return !(value.isPresent() && (value.get().equals("false") || value.get().equals("0")));
    }
}
