package io.jnsq.broker.auth;

import java.util.Objects;

/**
 * What nsqd tells its auth server about a client asking to AUTH.
 *
 * @param secret     the AUTH body
 * @param remoteIp   the client's IP address; "" for a unix socket
 * @param tls        whether the connection has upgraded to TLS
 * @param commonName the subject CN of the client's certificate; "" without TLS or certificate
 */
public record AuthRequest(String secret, String remoteIp, boolean tls, String commonName) {

    public AuthRequest {
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(remoteIp, "remoteIp");
        Objects.requireNonNull(commonName, "commonName");
    }

    /** Leaves the secret out, so that logging a request never leaks it. */
    @Override
    public String toString() {
        return "AuthRequest[remoteIp=" + remoteIp + ", tls=" + tls + ", commonName=" + commonName + "]";
    }
}
