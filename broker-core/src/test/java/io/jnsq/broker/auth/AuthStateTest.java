package io.jnsq.broker.auth;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AuthStateTest {

    private static AuthState parse(String json) throws AuthException {
        return AuthState.parse(json.getBytes(StandardCharsets.UTF_8), 1_000L);
    }

    private static AuthState grant(String topic, String channels, String permissions) throws AuthException {
        return parse("{\"ttl\":60,\"authorizations\":[{\"topic\":\"" + topic + "\",\"channels\":" + channels
                + ",\"permissions\":" + permissions + "}]}");
    }

    private static String failure(String json) {
        return assertThrows(AuthException.class, () -> parse(json)).getMessage();
    }

    @Test
    void readsTheReply() throws AuthException {
        AuthState state = parse("{\"ttl\":60,\"identity\":\"bob\",\"identity_url\":\"http://x/bob\",\"extra\":1,"
                + "\"authorizations\":[{\"topic\":\"t\",\"channels\":[\"c\"],\"permissions\":[\"subscribe\",\"publish\"]},"
                + "{\"topic\":\"u\",\"channels\":[],\"permissions\":[]}]}");
        assertEquals("bob", state.identity());
        assertEquals("http://x/bob", state.identityUrl());
        assertEquals(Duration.ofSeconds(60), state.ttl());
        assertEquals(1_000L, state.receivedAtNanos());
        assertEquals(2, state.permissionCount());
        assertTrue(state.hasAuthorizations());
        assertEquals("t", state.authorizations().get(0).topic());
        assertEquals(List.of("c"), state.authorizations().get(0).channels());
    }

    @Test
    void keyCaseDoesNotMatterAsWithGosDecoder() throws AuthException {
        AuthState state = parse("{\"TTL\":5,\"Identity\":\"bob\"}");
        assertEquals("bob", state.identity());
        assertFalse(state.hasAuthorizations());
        assertEquals(0, state.permissionCount());
    }

    @Test
    void ttlMustBePositive() {
        assertEquals("invalid TTL 0 (must be >0)", failure("{\"ttl\":0,\"authorizations\":[]}"));
        assertEquals("invalid TTL -5 (must be >0)", failure("{\"ttl\":-5}"));
        assertEquals("invalid TTL 0 (must be >0)", failure("{\"identity\":\"no ttl\"}"));
        assertEquals("invalid TTL 0 (must be >0)", failure("null"));
    }

    @Test
    void ttlMustBeAnIntegerNumber() {
        assertTrue(failure("{\"ttl\":1.5}").startsWith("invalid auth reply"));
        assertTrue(failure("{\"ttl\":\"60\"}").startsWith("invalid auth reply"));
    }

    @Test
    void refusesWhatIsNotOneJsonDocument() {
        assertTrue(failure("not json").startsWith("invalid auth reply"));
        assertTrue(failure("{\"ttl\":60} {}").startsWith("invalid auth reply"));
        assertTrue(failure("").startsWith("invalid auth reply"));
    }

    @Test
    void permissionsAreSubscribeOrPublishExactly() {
        assertEquals("unknown permission admin", assertThrows(AuthException.class,
                () -> grant(".*", "[\".*\"]", "[\"publish\",\"admin\"]")).getMessage());
        assertEquals("unknown permission Publish", assertThrows(AuthException.class,
                () -> grant(".*", "[\".*\"]", "[\"Publish\"]")).getMessage());
    }

    @Test
    void topicAndChannelsMustCompile() {
        assertTrue(assertThrows(AuthException.class, () -> grant("(", "[\".*\"]", "[\"publish\"]"))
                .getMessage().startsWith("unable to compile topic \"(\""));
        assertTrue(assertThrows(AuthException.class, () -> grant(".*", "[\"ok\",\"[\"]", "[\"publish\"]"))
                .getMessage().startsWith("unable to compile channel \"[\""));
    }

    @Test
    void validationFailsEvenWhenTtlIsAlsoInvalid() {
        // entries are checked before the TTL, as nsqd does
        assertEquals("unknown permission x",
                failure("{\"ttl\":0,\"authorizations\":[{\"topic\":\"t\",\"channels\":[],\"permissions\":[\"x\"]}]}"));
    }

    @Test
    void subscribeNeedsSubscribeAndPublishNeedsPublish() throws AuthException {
        AuthState subscribeOnly = grant("t", "[\".*\"]", "[\"subscribe\"]");
        assertTrue(subscribeOnly.allows("t", "c"));
        assertFalse(subscribeOnly.allows("t", ""));

        AuthState publishOnly = grant("t", "[\".*\"]", "[\"publish\"]");
        assertTrue(publishOnly.allows("t", ""));
        assertFalse(publishOnly.allows("t", "c"));
    }

    @Test
    void expressionsMatchAnywhereInTheName() throws AuthException {
        AuthState state = grant("allow", "[\"ch\"]", "[\"subscribe\"]");
        assertTrue(state.allows("myallowtopic", "mychannel"));
        assertFalse(state.allows("mytopic", "mychannel"));
        assertFalse(state.allows("myallowtopic", "other"));

        AuthState anchored = grant("^allow$", "[\"^ch$\"]", "[\"subscribe\"]");
        assertTrue(anchored.allows("allow", "ch"));
        assertFalse(anchored.allows("myallowtopic", "ch"));
        assertFalse(anchored.allows("allow", "chx"));
    }

    @Test
    void publishNeedsAChannelExpressionMatchingTheEmptyChannel() throws AuthException {
        assertFalse(grant("t", "[\"^c.*\"]", "[\"publish\"]").allows("t", ""));
        assertFalse(grant("t", "[]", "[\"publish\"]").allows("t", ""));
        assertFalse(grant("t", "null", "[\"publish\"]").allows("t", ""));
        assertTrue(grant("t", "[\"^c.*\",\".*\"]", "[\"publish\"]").allows("t", ""));
        assertTrue(grant("t", "[\"\"]", "[\"publish\"]").allows("t", ""));
    }

    @Test
    void noChannelsAllowNothing() throws AuthException {
        AuthState state = grant(".*", "[]", "[\"subscribe\",\"publish\"]");
        assertFalse(state.allows("t", "c"));
        assertFalse(state.allows("t", ""));
    }

    @Test
    void anyEntryMayAllow() throws AuthException {
        AuthState state = parse("{\"ttl\":60,\"authorizations\":["
                + "{\"topic\":\"^a$\",\"channels\":[\".*\"],\"permissions\":[\"publish\"]},"
                + "{\"topic\":\"^b$\",\"channels\":[\"^c$\"],\"permissions\":[\"subscribe\"]}]}");
        assertTrue(state.allows("a", ""));
        assertTrue(state.allows("b", "c"));
        assertFalse(state.allows("a", "c"));
        assertFalse(state.allows("b", ""));
    }

    @Test
    void aNullEntryCountsButAllowsNothing() throws AuthException {
        AuthState state = parse("{\"ttl\":60,\"authorizations\":[null]}");
        assertEquals(1, state.permissionCount());
        assertFalse(state.allows("t", "c"));
        assertFalse(state.allows("t", ""));
    }

    @Test
    void expiresOnceTheTtlHasPassed() throws AuthException {
        AuthState state = AuthState.parse("{\"ttl\":2}".getBytes(StandardCharsets.UTF_8), 500L);
        long ttl = Duration.ofSeconds(2).toNanos();
        assertFalse(state.expired(500L));
        assertFalse(state.expired(500L + ttl));
        assertTrue(state.expired(500L + ttl + 1));
    }

    @Test
    void expiryWorksAcrossTheNanoClockWrapping() throws AuthException {
        AuthState state = AuthState.parse("{\"ttl\":1}".getBytes(StandardCharsets.UTF_8), Long.MAX_VALUE - 10);
        assertFalse(state.expired(Long.MAX_VALUE + 100)); // wrapped: 110 ns later
        assertTrue(state.expired(Long.MAX_VALUE - 10 + Duration.ofSeconds(2).toNanos()));
    }

    @Test
    void aHugeTtlNeverExpires() throws AuthException {
        AuthState state = AuthState.parse(("{\"ttl\":" + Long.MAX_VALUE + "}").getBytes(StandardCharsets.UTF_8), 0);
        assertFalse(state.expired(Long.MAX_VALUE));
    }
}
