package io.jnsq.broker;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "orders", "a.b-c_d", "UPPER.lower-0123456789", "t#ephemeral", "-", ".",
            "a234567890123456789012345678901234567890123456789012345678901234"})
    void valid(String name) {
        assertTrue(Names.isValid(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "#ephemeral", "t:ephemeral", "has space", "slash/", "dollar$", "é", "t#ephemeral#ephemeral",
            "t#Ephemeral", "a2345678901234567890123456789012345678901234567890123456789012345"})
    void invalid(String name) {
        assertFalse(Names.isValid(name));
    }
}
