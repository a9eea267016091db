package io.jnsq.nsqd;

import com.google.auto.value.AutoValue;
import io.jnsq.broker.OsHostname;

import java.io.IOException;
import java.util.List;

/**
 * How this node appears to nsqlookupd: the address and ports it announces, and the lookupds it registers
 * with ({@code PUT /config/nsqlookupd_tcp_addresses} changes those at runtime).
 */
@AutoValue
public abstract class ClusterConfig {

    ClusterConfig() {
    }

    /** {@code --broadcast-address}: defaults to the OS hostname. */
    public abstract String broadcastAddress();

    /** {@code --broadcast-tcp-port}: 0 announces the port TCP listens on. */
    public abstract int broadcastTcpPort();

    /** {@code --broadcast-http-port}: 0 announces the port HTTP listens on. */
    public abstract int broadcastHttpPort();

    /** {@code --lookupd-tcp-address}, repeatable (config key {@code nsqlookupd_tcp_addresses}). */
    public abstract List<String> lookupdTcpAddresses();

    /** nsqd's defaults: the OS hostname, the bound ports, no lookupd. */
    public static Builder builder() {
        return new AutoValue_ClusterConfig.Builder()
                .broadcastAddress(hostname())
                .broadcastTcpPort(0)
                .broadcastHttpPort(0)
                .lookupdTcpAddresses(List.of());
    }

    public abstract Builder toBuilder();

    private static String hostname() {
        try {
            return OsHostname.get();
        } catch (IOException e) {
            return "localhost";
        }
    }

    @AutoValue.Builder
    public abstract static class Builder {

        Builder() {
        }

        public abstract Builder broadcastAddress(String address);

        public abstract Builder broadcastTcpPort(int port);

        public abstract Builder broadcastHttpPort(int port);

        public abstract Builder lookupdTcpAddresses(List<String> addresses);

        abstract List<String> lookupdTcpAddresses();

        abstract ClusterConfig autoBuild();

        public ClusterConfig build() {
            lookupdTcpAddresses(List.copyOf(lookupdTcpAddresses()));
            return autoBuild();
        }
    }
}
