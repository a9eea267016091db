package io.jnsq.broker.auth;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jnsq.broker.GoStyleJson;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What an auth server granted a client: who it is and what it may do, until its TTL runs out.
 *
 * @param identity        shown in {@code /stats} and the AUTH reply
 * @param identityUrl     likewise
 * @param authorizations  the entries, in the server's order
 * @param ttl             how long the grant holds, from {@code receivedAtNanos}
 * @param receivedAtNanos when the grant arrived, on the clock {@link #expired} is given
 */
public record AuthState(String identity, String identityUrl, List<Authorization> authorizations, Duration ttl,
                        long receivedAtNanos) {

    private static final ObjectMapper JSON = GoStyleJson.MAPPER;

    public AuthState {
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(identityUrl, "identityUrl");
        authorizations = List.copyOf(authorizations);
        Objects.requireNonNull(ttl, "ttl");
    }

    /**
     * Reads and validates an auth server's 200 reply as nsqd does: every entry valid (see
     * {@link Authorization#of}), then the TTL positive.
     *
     * @throws AuthException when the reply is not such JSON or is refused
     */
    static AuthState parse(byte[] body, long receivedAtNanos) throws AuthException {
        Reply reply;
        try {
            reply = JSON.readValue(GoStyleJson.text(body), Reply.class);
        } catch (IOException e) {
            throw new AuthException("invalid auth reply: " + e.getMessage(), e);
        }
        if (reply == null) { // a JSON null leaves Go's struct at its zero value
            reply = Reply.ZERO;
        }
        List<Authorization> authorizations = new ArrayList<>();
        for (Grant grant : orEmpty(reply.authorizations())) {
            Grant entry = grant == null ? Grant.ZERO : grant;
            authorizations.add(Authorization.of(orEmpty(entry.topic()), emptyForNull(entry.channels()),
                    emptyForNull(entry.permissions())));
        }
        if (reply.ttl() <= 0) {
            throw new AuthException("invalid TTL " + reply.ttl() + " (must be >0)");
        }
        return new AuthState(orEmpty(reply.identity()), orEmpty(reply.identityUrl()), authorizations,
                Duration.ofSeconds(reply.ttl()), receivedAtNanos);
    }

    /** Whether the TTL has run out by {@code nowNanos} (same clock as {@code receivedAtNanos}); nsqd then asks again. */
    public boolean expired(long nowNanos) {
        return Duration.ofNanos(nowNanos - receivedAtNanos).compareTo(ttl) > 0;
    }

    /** Whether any entry allows it; {@code channel} is "" for PUB, MPUB and DPUB (see {@link Authorization#allows}). */
    public boolean allows(String topic, String channel) {
        return authorizations.stream().anyMatch(authorization -> authorization.allows(topic, channel));
    }

    /** The AUTH reply's {@code permission_count}: the number of entries, not of permissions. */
    public int permissionCount() {
        return authorizations.size();
    }

    /** A reply without entries is answered {@code E_UNAUTHORIZED AUTH no authorizations found}. */
    public boolean hasAuthorizations() {
        return !authorizations.isEmpty();
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }

    private static <T> List<T> orEmpty(List<T> values) {
        return values == null ? List.of() : values;
    }

    // JSON null where Go decodes into a string leaves "", so an entry [null] is the entry [""]
    private static List<String> emptyForNull(List<String> values) {
        return orEmpty(values).stream().map(AuthState::orEmpty).toList();
    }

    private record Reply(@JsonProperty("ttl") long ttl,
                         @JsonProperty("identity") String identity,
                         @JsonProperty("identity_url") String identityUrl,
                         @JsonProperty("authorizations") List<Grant> authorizations) {
        static final Reply ZERO = new Reply(0, null, null, null);
    }

    private record Grant(@JsonProperty("topic") String topic,
                         @JsonProperty("channels") List<String> channels,
                         @JsonProperty("permissions") List<String> permissions) {
        // a JSON null entry: Go keeps it as an entry that allows nothing
        static final Grant ZERO = new Grant(null, null, null);
    }
}
