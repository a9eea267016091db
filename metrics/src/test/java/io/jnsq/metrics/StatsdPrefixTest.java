package io.jnsq.metrics;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class StatsdPrefixTest {

    @Test
    void hostReplacementUsesUnderscoresAndAddsTheTrailingDot() {
        assertEquals("foo.127_0_0_1_4151.", StatsdPrefix.expand("foo.%s", "127.0.0.1", 4151));
        assertEquals("nsq.vm_14151.", StatsdPrefix.expand("nsq.%s", "vm", 14151));
    }

    @Test
    void everyPlaceholderIsReplacedAndAnExistingTrailingDotKept() {
        assertEquals("a.h_1.b.h_1.", StatsdPrefix.expand("a.%s.b.%s.", "h", 1));
        assertEquals("foo.10_0_0_1_44163.bar.", StatsdPrefix.expand("foo.%s.bar", "10.0.0.1", 44163));
    }

    @Test
    void anEmptyPrefixStaysEmptyAndAPrefixWithoutPlaceholderGetsItsDot() {
        assertEquals("", StatsdPrefix.expand("", "h", 1));
        assertEquals("jnsq.", StatsdPrefix.expand("jnsq", "h", 1));
    }

    @Test
    void anIpv6AddressIsBracketedAsGoJoinsHostAndPort() {
        assertEquals("nsq.[__1]_4151.", StatsdPrefix.expand("nsq.%s", "::1", 4151));
    }
}
