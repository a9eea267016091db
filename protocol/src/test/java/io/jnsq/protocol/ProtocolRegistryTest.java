package io.jnsq.protocol;

import io.netty.channel.ChannelPipeline;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProtocolRegistryTest {

    @Test
    void magicIsFourBytesBigEndian() {
        assertEquals(0x20205632, ProtocolMagic.of("  V2").value());
        assertEquals("\"  V2\"", ProtocolMagic.of("  V2").toString());
        assertEquals("\"\\x00\\x01ab\"", new ProtocolMagic(0x00016162).toString());
        assertThrows(IllegalArgumentException.class, () -> ProtocolMagic.of("V2"));
    }

    @Test
    void protocolsRegisteredInCodeAreFoundByMagic() {
        Protocol v9 = new NamedProtocol("V9", "  V9");
        ProtocolRegistry registry = ProtocolRegistry.builder().register(v9).build();

        assertSame(v9, registry.lookup(ProtocolMagic.of("  V9").value()));
        assertNull(registry.lookup(ProtocolMagic.of("  V1").value()));
    }

    @Test
    void twoProtocolsWithOneMagicFailNamingBoth() {
        ProtocolRegistry.Builder builder = ProtocolRegistry.builder()
                .register(new NamedProtocol("first", "  V7"))
                .register(new NamedProtocol("second", "  V7"));

        IllegalStateException error = assertThrows(IllegalStateException.class, builder::build);
        assertTrue(error.getMessage().contains("first") && error.getMessage().contains("second")
                && error.getMessage().contains("\"  V7\""), error.getMessage());
    }

    @Test
    void contextNamesTheMissingService() {
        ProtocolContext context = ProtocolContext.builder().with(String.class, "here").build();

        assertEquals("here", context.require(String.class));
        IllegalStateException error = assertThrows(IllegalStateException.class, () -> context.require(Integer.class));
        assertTrue(error.getMessage().contains("java.lang.Integer"), error.getMessage());
    }

    private record NamedProtocol(String name, String magicText) implements Protocol {
        @Override
        public ProtocolMagic magic() {
            return ProtocolMagic.of(magicText);
        }

        @Override
        public void takeOver(ChannelPipeline pipeline) {
        }
    }
}
