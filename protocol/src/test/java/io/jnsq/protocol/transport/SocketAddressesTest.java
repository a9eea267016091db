package io.jnsq.protocol.transport;

import io.netty.channel.local.LocalAddress;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SocketAddressesTest {

    @Test
    void anIpv4AddressHasNoLeadingSlash() throws Exception {
        InetSocketAddress address = new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 51234);
        assertEquals("/127.0.0.1:51234", address.toString());
        assertEquals("127.0.0.1:51234", SocketAddresses.format(address));
    }

    @Test
    void aHostNameIsLeftOutAsGoLeavesItOut() throws Exception {
        InetSocketAddress address = new InetSocketAddress(InetAddress.getByAddress("client.example", new byte[]{10, 1, 2, 3}), 5150);
        assertEquals("10.1.2.3:5150", SocketAddresses.format(address));
    }

    @Test
    void anIpv6AddressIsBracketed() throws Exception {
        assertEquals("[::1]:5150", SocketAddresses.format(new InetSocketAddress(InetAddress.getByName("::1"), 5150)));
    }

    @Test
    void otherAddressesPrintAsThemselves() {
        assertEquals("local:test", SocketAddresses.format(new LocalAddress("test")));
        assertEquals("null", SocketAddresses.format(null));
    }

    @Test
    void hostAndPortSplitAsGoSplitsThem() {
        assertEquals(new SocketAddresses.HostPort("127.0.0.1", 4150), SocketAddresses.splitHostPort("127.0.0.1:4150"));
        assertEquals(new SocketAddresses.HostPort("::1", 4160), SocketAddresses.splitHostPort("[::1]:4160"));
        assertEquals(new SocketAddresses.HostPort("lookupd.example", 0), SocketAddresses.splitHostPort("lookupd.example:0"));
        assertEquals(new SocketAddresses.HostPort("", 8125), SocketAddresses.splitHostPort(":8125"));
    }

    @Test
    void aRefusedAddressIsNamedWithTheReason() {
        assertEquals("invalid address \"statsd\": missing port",
                assertThrows(IllegalArgumentException.class, () -> SocketAddresses.splitHostPort("statsd")).getMessage());
        for (String text : new String[]{"host:", "host:port", "host:65536", "host:123456", "host:-1"}) {
            assertEquals("invalid address \"" + text + "\": port must be a number in [0,65535]",
                    assertThrows(IllegalArgumentException.class, () -> SocketAddresses.splitHostPort(text)).getMessage());
        }
        assertEquals("invalid address \"::1:4150\": an IPv6 host must be in brackets, e.g. [::1]:4150",
                assertThrows(IllegalArgumentException.class, () -> SocketAddresses.splitHostPort("::1:4150")).getMessage());
    }
}
