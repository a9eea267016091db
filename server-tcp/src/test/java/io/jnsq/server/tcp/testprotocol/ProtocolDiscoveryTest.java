package io.jnsq.server.tcp.testprotocol;

import io.jnsq.protocol.Protocol;
import io.jnsq.protocol.ProtocolContext;
import io.jnsq.protocol.ProtocolMagic;
import io.jnsq.protocol.ProtocolRegistry;
import io.netty.channel.ChannelPipeline;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The extension path end to end: META-INF/services → ServiceLoader → registry. */
class ProtocolDiscoveryTest {

    @Test
    void echoProtocolIsFoundThroughServiceLoader() {
        ProtocolRegistry registry = ProtocolRegistry.builder().discover(ProtocolContext.empty()).build();

        Protocol found = registry.lookup(EchoProtocol.MAGIC.value());
        assertInstanceOf(EchoProtocol.class, found);
        assertEquals(EchoProtocol.NAME, found.name());
    }

    @Test
    void protocolRegisteredInCodeWithADiscoveredMagicFailsTheBuildNamingBoth() {
        ProtocolRegistry.Builder builder = ProtocolRegistry.builder()
                .discover(ProtocolContext.empty())
                .register(new Impostor());

        IllegalStateException error = assertThrows(IllegalStateException.class, builder::build);
        String message = error.getMessage();
        assertTrue(message.contains(EchoProtocol.NAME) && message.contains(EchoProtocol.class.getName())
                && message.contains("impostor") && message.contains(EchoProtocol.MAGIC.toString()), message);
    }

    /** Claims the echo protocol's magic. */
    private static final class Impostor implements Protocol {
        @Override
        public ProtocolMagic magic() {
            return EchoProtocol.MAGIC;
        }

        @Override
        public String name() {
            return "impostor";
        }

        @Override
        public void takeOver(ChannelPipeline pipeline) {
            throw new AssertionError("never reached: the registry refuses to build");
        }
    }
}
