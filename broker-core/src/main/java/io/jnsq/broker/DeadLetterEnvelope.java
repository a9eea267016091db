package io.jnsq.broker;

import io.jnsq.protocol.message.MessageId;

import java.nio.charset.StandardCharsets;

/**
 * How a dead letter is published: one line of JSON naming where the message came from, a newline,
 * then the original body, byte for byte:
 *
 * <pre>{"topic":"orders","channel":"billing","id":"0a1b2c3d4e5f6789","attempts":3,"timestamp":1700000000000000000}
 * &lt;original body&gt;</pre>
 *
 * NSQ messages have no headers, so the origin has to travel in the body. The dead letter is a new
 * message of the dead-letter topic (its own id, attempts from 0): the original id is only unique within
 * its topic, and a shared dead-letter topic could otherwise hold two messages with one id. Topic and
 * channel names need no escaping (their characters are {@code [.a-zA-Z0-9_#-]}), so the line is plain
 * JSON that any client can split off at the first newline.
 */
public final class DeadLetterEnvelope {

    private DeadLetterEnvelope() {
    }

    /**
     * @param attempts  the message's deliveries on its channel
     * @param timestamp its original publish time, Unix nanoseconds
     */
    public static byte[] wrap(String topic, String channel, long id, int attempts, long timestamp, byte[] body) {
        byte[] line = ("{\"topic\":\"" + topic + "\",\"channel\":\"" + channel + "\",\"id\":\"" + MessageId.toString(id)
                + "\",\"attempts\":" + attempts + ",\"timestamp\":" + timestamp + "}\n").getBytes(StandardCharsets.US_ASCII);
        byte[] envelope = new byte[line.length + body.length];
        System.arraycopy(line, 0, envelope, 0, line.length);
        System.arraycopy(body, 0, envelope, line.length, body.length);
        return envelope;
    }
}
