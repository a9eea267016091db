package io.jnsq.server.tcp;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetSocketAddress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TcpServerConfigTest {

    @Test
    void parsesNsqdAddressForms() {
        assertEquals(new InetSocketAddress("0.0.0.0", 4150), TcpServerConfig.parseAddress("0.0.0.0:4150"));
        assertEquals(new InetSocketAddress("127.0.0.1", 0), TcpServerConfig.parseAddress("127.0.0.1:0"));
        assertEquals(new InetSocketAddress("::1", 4150), TcpServerConfig.parseAddress("[::1]:4150"));
        assertEquals(new InetSocketAddress(4150), TcpServerConfig.parseAddress(":4150"));
    }

    @Test
    void formatsAddressesAsNsqdPrintsThem() {
        assertEquals("127.0.0.1:4150", TcpServerConfig.formatAddress(new InetSocketAddress("127.0.0.1", 4150)));
        assertEquals("[::1]:4150", TcpServerConfig.formatAddress(new InetSocketAddress("::1", 4150)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"5150", "127.0.0.1", "127.0.0.1:", "127.0.0.1:65536", "127.0.0.1:-1", "127.0.0.1:41a",
            "::1:5150", "[::1:5150", "host.invalid:5150"})
    void rejectsWhatIsNotHostPortNamingTheText(String text) {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> TcpServerConfig.parseAddress(text));
        assertTrue(error.getMessage().contains('"' + text + '"'), error.getMessage());
    }
}
