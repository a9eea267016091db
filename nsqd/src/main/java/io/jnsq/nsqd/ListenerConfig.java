package io.jnsq.nsqd;

import com.google.auto.value.AutoValue;

/** Where nsqd listens: {@code <addr>:<port>} each, port 0 for one the system picks, empty for none. */
@AutoValue
public abstract class ListenerConfig {

    ListenerConfig() {
    }

    /** {@code --tcp-address}: V2 clients. */
    public abstract String tcpAddress();

    /** {@code --http-address}: the HTTP API; empty disables it. */
    public abstract String httpAddress();

    /** {@code --https-address}: the HTTP API over TLS, used only with a TLS cert and key; empty disables it. */
    public abstract String httpsAddress();

    /** {@code --force-nio} (jnsq's own): Java NIO even where native epoll is available. */
    public abstract boolean forceNio();

    /** nsqd's defaults: every interface, on NSQ's three ports. */
    public static Builder builder() {
        return new AutoValue_ListenerConfig.Builder()
                .tcpAddress("0.0.0.0:4150")
                .httpAddress("0.0.0.0:4151")
                .httpsAddress("0.0.0.0:4152")
                .forceNio(false);
    }

    public abstract Builder toBuilder();

    @AutoValue.Builder
    public abstract static class Builder {

        Builder() {
        }

        public abstract Builder tcpAddress(String address);

        public abstract Builder httpAddress(String address);

        public abstract Builder httpsAddress(String address);

        public abstract Builder forceNio(boolean forceNio);

        public abstract ListenerConfig build();
    }
}
