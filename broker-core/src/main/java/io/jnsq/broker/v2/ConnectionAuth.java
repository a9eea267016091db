package io.jnsq.broker.v2;

import io.jnsq.broker.auth.AuthClient;
import io.jnsq.broker.auth.AuthRequest;
import io.jnsq.broker.auth.AuthState;
import io.jnsq.protocol.error.ProtocolException;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * One connection's AUTH, as nsqd runs it: AUTH asks the auth server about the client's secret, and SUB,
 * PUB, MPUB and DPUB are checked against the grant it answered, which is asked for again with the same
 * secret once its TTL has passed. Queries complete on the auth client's threads; the caller decides
 * where to continue.
 */
final class ConnectionAuth {

    private final AuthClient authClient;
    private final V2Client client;
    private String secret;

    /** @param authClient {@code null} when no {@code --auth-http-address} is configured */
    ConnectionAuth(AuthClient authClient, V2Client client) {
        this.authClient = authClient;
        this.client = client;
    }

    boolean enabled() {
        return authClient != null;
    }

    /** AUTH's checks in nsqd's order once the body is read, then the query. */
    CompletableFuture<AuthState> authenticate(byte[] body) throws ProtocolException {
        if (client.authed()) {
            throw V2Errors.authAlreadySet();
        }
        if (!enabled()) {
            throw V2Errors.authDisabled();
        }
        secret = new String(body, StandardCharsets.UTF_8);
        return authClient.query(request());
    }

    /**
     * Whether {@code command} on {@code topic}/{@code channel} ({@code ""} for publishing) may run.
     *
     * @return {@code null} when the current grant allows it, or the query for a fresh grant when it has
     *         expired: pass its answer to {@link #checkRenewed}
     * @throws ProtocolException {@code E_AUTH_FIRST} before AUTH, {@code E_UNAUTHORIZED} when not allowed
     */
    CompletableFuture<AuthState> check(String command, String topic, String channel) throws ProtocolException {
        if (!enabled()) {
            return null;
        }
        AuthState grant = client.authState();
        if (grant == null || !grant.hasAuthorizations()) {
            throw V2Errors.authFirst(command);
        }
        if (grant.expired(System.nanoTime())) {
            return authClient.query(request());
        }
        requireAllowed(grant, command, topic, channel);
        return null;
    }

    /** Keeps the renewed grant and checks {@code command} against it. */
    void checkRenewed(AuthState renewed, String command, String topic, String channel) throws ProtocolException {
        client.authorized(renewed);
        requireAllowed(renewed, command, topic, channel);
    }

    /**
     * nsqd checks an MPUB before reading its body. An expired grant is left to {@link #check} once the
     * body is in, where the query can run without holding the decoder mid-command.
     */
    void checkMpubBeforeBody(String topic) throws ProtocolException {
        if (!enabled()) {
            return;
        }
        AuthState grant = client.authState();
        if (grant == null || !grant.hasAuthorizations()) {
            throw V2Errors.authFirst("MPUB");
        }
        if (!grant.expired(System.nanoTime())) {
            requireAllowed(grant, "MPUB", topic, "");
        }
    }

    private static void requireAllowed(AuthState grant, String command, String topic, String channel) throws ProtocolException {
        if (!grant.allows(topic, channel)) {
            throw V2Errors.unauthorized(command, topic, channel);
        }
    }

    private AuthRequest request() {
        return new AuthRequest(secret, client.remoteIp(), client.tls(), client.tlsCommonName());
    }
}
