package io.jnsq.nsqd;

import io.jnsq.broker.wire.WireClient;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

/**
 * A V2 consumer on a thread of its own, for runs that last longer than a read timeout: it answers
 * heartbeats, records every delivery with the time it arrived, and answers each with what
 * {@code reply} says (a FIN or REQ line). It stops when the connection does (nsqd killed).
 */
final class Subscriber implements AutoCloseable {

    /** One delivery: {@code atNanos} is this JVM's {@link System#nanoTime()} when the frame was read. */
    record Received(String id, int attempts, byte[] body, long atNanos) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    final List<Received> received = Collections.synchronizedList(new ArrayList<>());
    /** Error frames nsqd sent (non-fatal ones; a fatal one also ends the connection). */
    final List<String> errors = Collections.synchronizedList(new ArrayList<>());
    private final WireClient client;
    private final Function<Received, String> reply;
    private final Thread thread;

    private Subscriber(WireClient client, Function<Received, String> reply, String name) {
        this.client = client;
        this.reply = reply;
        this.thread = new Thread(this::run, name);
        this.thread.setDaemon(true);
    }

    static Subscriber start(InetSocketAddress address, String topic, String channel, int ready,
                            Function<Received, String> reply) throws IOException {
        WireClient client = WireClient.connect(address);
        client.subscribe(topic, channel);
        client.readTimeout(0);
        client.send("RDY " + ready);
        Subscriber subscriber = new Subscriber(client, reply, "subscriber-" + topic + "-" + channel);
        subscriber.thread.start();
        return subscriber;
    }

    static String fin(Received message) {
        return "FIN " + message.id();
    }

    private void run() {
        try {
            while (true) {
                WireClient.Frame frame = client.readAnyFrame();
                if (frame.type() == WireClient.Frame.RESPONSE && "_heartbeat_".equals(frame.text())) {
                    client.send("NOP");
                } else if (frame.type() == WireClient.Frame.MESSAGE) {
                    long at = System.nanoTime();
                    ByteBuffer data = ByteBuffer.wrap(frame.data());
                    data.getLong();
                    int attempts = data.getShort() & 0xffff;
                    String id = new String(frame.data(), 10, 16, StandardCharsets.US_ASCII);
                    Received message = new Received(id, attempts, Arrays.copyOfRange(frame.data(), 26, frame.data().length), at);
                    received.add(message);
                    client.send(reply.apply(message));
                } else if (frame.type() == WireClient.Frame.ERROR) {
                    errors.add(frame.text());
                }
            }
        } catch (IOException stopped) {
            // the connection ended: closed by the test, or nsqd was killed
        }
    }

    /** Deliveries so far, a copy. */
    List<Received> snapshot() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    @Override
    public void close() throws IOException {
        client.close();
    }
}
