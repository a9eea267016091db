package io.jnsq.metrics;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Packs lines into datagrams of at most a given size, never splitting a line: nsqd's boundary-buffered
 * writer. A line longer than the size travels alone, as there (the statsd server may drop it).
 */
final class DatagramPacker {

    private DatagramPacker() {
    }

    static List<byte[]> pack(List<byte[]> lines, int maxSize) {
        List<byte[]> datagrams = new ArrayList<>();
        ByteArrayOutputStream current = new ByteArrayOutputStream(maxSize);
        for (byte[] line : lines) {
            if (current.size() > 0 && current.size() + line.length > maxSize) {
                datagrams.add(current.toByteArray());
                current.reset();
            }
            current.writeBytes(line);
        }
        if (current.size() > 0) {
            datagrams.add(current.toByteArray());
        }
        return datagrams;
    }
}
