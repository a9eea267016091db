package io.jnsq.benchmarks.load;

import io.jnsq.testclient.V2Commands;

import java.io.ByteArrayOutputStream;

/**
 * One publish command built once and sent again and again: {@code PUB} for a single message (one
 * message per round trip), {@code MPUB} otherwise. Before each send the publish time
 * ({@link System#nanoTime()}; with a rate, the intended send time) goes into the first 8 bytes of every
 * body, so a subscriber in the same process can measure publish-to-delivery latency.
 */
final class PublishBatch {

    /** Bodies shorter than this carry no time stamp. */
    static final int STAMP_LENGTH = 8;

    private final byte[] command;
    private final int[] bodyOffsets;

    private PublishBatch(byte[] command, int[] bodyOffsets) {
        this.command = command;
        this.bodyOffsets = bodyOffsets;
    }

    static PublishBatch of(String topic, int messages, int bodySize) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int[] offsets = new int[messages];
        byte[] body = new byte[bodySize];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) ('a' + i % 26);
        }
        if (messages == 1) {
            out.writeBytes(V2Commands.ascii("PUB " + topic + "\n"));
            V2Commands.writeInt(out, bodySize);
            offsets[0] = out.size();
            out.writeBytes(body);
        } else {
            out.writeBytes(V2Commands.ascii("MPUB " + topic + "\n"));
            V2Commands.writeInt(out, 4 + messages * (4 + bodySize));
            V2Commands.writeInt(out, messages);
            for (int i = 0; i < messages; i++) {
                V2Commands.writeInt(out, bodySize);
                offsets[i] = out.size();
                out.writeBytes(body);
            }
        }
        return new PublishBatch(out.toByteArray(), offsets);
    }

    int messages() {
        return bodyOffsets.length;
    }

    /** The command, stamped with the current time. */
    byte[] stamped() {
        return stamped(System.nanoTime());
    }

    /**
     * The command, every body stamped with {@code nanos}: a paced publisher passes the batch's intended
     * send time, so a late send shows up as latency instead of being hidden (coordinated omission).
     */
    byte[] stamped(long nanos) {
        if (bodyOffsets.length > 0 && command.length - bodyOffsets[bodyOffsets.length - 1] >= STAMP_LENGTH) {
            for (int offset : bodyOffsets) {
                V2Commands.putLong(command, offset, nanos);
            }
        }
        return command;
    }
}
