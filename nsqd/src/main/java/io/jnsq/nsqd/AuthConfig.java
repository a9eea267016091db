package io.jnsq.nsqd;

import com.google.auto.value.AutoValue;
import io.jnsq.broker.auth.AuthClientConfig.RequestMethod;

import java.util.List;

/** Who AUTH asks: {@code --auth-http-address} and {@code --auth-http-request-method}. */
@AutoValue
public abstract class AuthConfig {

    AuthConfig() {
    }

    /** {@code --auth-http-address}, repeatable (config key {@code auth_http_addresses}); empty disables AUTH. */
    public abstract List<String> httpAddresses();

    /** {@code --auth-http-request-method}: {@code get} or {@code post}, as typed. */
    public abstract String requestMethod();

    /** nsqd's defaults: no auth server, GET. */
    public static Builder builder() {
        return new AutoValue_AuthConfig.Builder().httpAddresses(List.of()).requestMethod("get");
    }

    public abstract Builder toBuilder();

    /** The method as the auth client uses it; always valid once built. */
    public RequestMethod method() {
        return RequestMethod.parse(requestMethod());
    }

    @AutoValue.Builder
    public abstract static class Builder {

        Builder() {
        }

        public abstract Builder httpAddresses(List<String> addresses);

        abstract List<String> httpAddresses();

        public abstract Builder requestMethod(String method);

        abstract AuthConfig autoBuild();

        /** @throws IllegalArgumentException {@code --auth-http-request-method must be post or get} */
        public AuthConfig build() {
            httpAddresses(List.copyOf(httpAddresses()));
            AuthConfig config = autoBuild();
            RequestMethod.parse(config.requestMethod());
            return config;
        }
    }
}
