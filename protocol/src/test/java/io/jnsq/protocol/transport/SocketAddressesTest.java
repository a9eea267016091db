package io.jnsq.protocol.transport;

import io.netty.channel.local.LocalAddress;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
