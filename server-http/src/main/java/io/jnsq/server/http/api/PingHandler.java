package io.jnsq.server.http.api;

import io.jnsq.broker.Health;

/** {@code GET /ping}: what health checks poll. {@code OK}, or 500 with nsqd's {@code NOK - <error>}. */
final class PingHandler {

    private final Health health;

    PingHandler(Health health) {
        this.health = health;
    }

    ApiResponse ping(ApiRequest request) throws ApiError {
        String status = health.status();
        if (!health.ok()) {
            throw new ApiError(500, status);
        }
        return ApiResponse.text(status);
    }
}
