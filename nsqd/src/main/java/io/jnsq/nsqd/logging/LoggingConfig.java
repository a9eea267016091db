package io.jnsq.nsqd.logging;

import com.google.auto.value.AutoValue;

/** How nsqd logs: {@code --log-level} (changed at runtime by {@code PUT /config/log_level}), prefix and format. */
@AutoValue
public abstract class LoggingConfig {

    LoggingConfig() {
    }

    /** {@code --log-level}. */
    public abstract LogLevel level();

    /** {@code --log-prefix}: starts every text line. */
    public abstract String prefix();

    /** {@code --log-format} (jnsq's own): nsqd's text lines or one JSON object per line. */
    public abstract LogFormat format();

    /** nsqd's defaults: INFO, {@code [nsqd] }, text. */
    public static Builder builder() {
        return new AutoValue_LoggingConfig.Builder().level(LogLevel.INFO).prefix("[nsqd] ").format(LogFormat.TEXT);
    }

    public static LoggingConfig defaults() {
        return builder().build();
    }

    public abstract Builder toBuilder();

    @AutoValue.Builder
    public abstract static class Builder {

        Builder() {
        }

        public abstract Builder level(LogLevel level);

        public abstract Builder prefix(String prefix);

        public abstract Builder format(LogFormat format);

        public abstract LoggingConfig build();
    }
}
