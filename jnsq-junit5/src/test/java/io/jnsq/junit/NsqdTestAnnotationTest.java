package io.jnsq.junit;

import io.jnsq.nsqd.LocalClient;
import io.jnsq.nsqd.Nsqd;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/** {@code @NsqdTest}: one broker for the class, handed to every test that asks for it. */
@NsqdTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NsqdTestAnnotationTest {

    private static Nsqd first;

    @Test
    @Order(1)
    void resolvesTheBrokerAndItsAddresses(Nsqd nsqd, @TcpAddress String tcp, @TcpAddress InetSocketAddress tcpSocket,
                                          @HttpAddress String http) throws Exception {
        first = nsqd;
        assertEquals("127.0.0.1:" + nsqd.tcpAddress().getPort(), tcp);
        assertEquals(nsqd.tcpAddress(), tcpSocket);
        HttpResponse<String> ping = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://" + http + "/ping")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals("OK", ping.body());
    }

    @Test
    @Order(2)
    void theClassSharesOneBroker(Nsqd nsqd, LocalClient local, NsqdAwait await) {
        assertSame(first, nsqd);
        local.createChannel("shared", "c");
        local.publish("shared", "hello");
        await.depth("shared", "c", 1);
        assertEquals("hello", await.message("shared", "c"));
        assertEquals(0, local.depth("shared", "c"));
    }
}
