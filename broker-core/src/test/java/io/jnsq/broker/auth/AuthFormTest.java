package io.jnsq.broker.auth;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AuthFormTest {

    @Test
    void queryKeysAreSortedAndEmptyValuesKept() {
        assertEquals("common_name=&remote_ip=127.0.0.1&secret=good&tls=false",
                new AuthForm(new AuthRequest("good", "127.0.0.1", false, "")).queryString());
        assertEquals("common_name=client&remote_ip=&secret=s&tls=true",
                new AuthForm(new AuthRequest("s", "", true, "client")).queryString());
    }

    @Test
    void escapesLikeGosQueryEscape() {
        assertEquals("a+b%2A~-_.%2F%2B%26%3D%3F%25%C3%A9", AuthForm.queryEscape("a b*~-_./+&=?%é"));
    }

    @Test
    void postBodyIsTheJsonOfTheValuesMap() {
        assertEquals("{\"common_name\":[\"\"],\"remote_ip\":[\"127.0.0.1\"],\"secret\":[\"s\"],\"tls\":[\"false\"]}",
                new String(new AuthForm(new AuthRequest("s", "127.0.0.1", false, "")).jsonBody(), StandardCharsets.UTF_8));
    }
}
