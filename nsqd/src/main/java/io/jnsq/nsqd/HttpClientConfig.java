package io.jnsq.nsqd;

import com.google.auto.value.AutoValue;
import io.jnsq.broker.config.Validation;

import java.time.Duration;

/** nsqd's outgoing HTTP: the auth servers and nsqlookupd's {@code /channels}. Zero means no bound, as in Go. */
@AutoValue
public abstract class HttpClientConfig {

    HttpClientConfig() {
    }

    /** {@code --http-client-connect-timeout}. */
    public abstract Duration connectTimeout();

    /** {@code --http-client-request-timeout}. */
    public abstract Duration requestTimeout();

    /** nsqd's defaults: 2 s to connect, 5 s for the whole request. */
    public static Builder builder() {
        return new AutoValue_HttpClientConfig.Builder()
                .connectTimeout(Duration.ofSeconds(2))
                .requestTimeout(Duration.ofSeconds(5));
    }

    public abstract Builder toBuilder();

    @AutoValue.Builder
    public abstract static class Builder {

        Builder() {
        }

        public abstract Builder connectTimeout(Duration timeout);

        public abstract Builder requestTimeout(Duration timeout);

        abstract HttpClientConfig autoBuild();

        public HttpClientConfig build() {
            HttpClientConfig config = autoBuild();
            Validation.requireNotNegative(config.connectTimeout(), "--http-client-connect-timeout");
            Validation.requireNotNegative(config.requestTimeout(), "--http-client-request-timeout");
            return config;
        }
    }
}
