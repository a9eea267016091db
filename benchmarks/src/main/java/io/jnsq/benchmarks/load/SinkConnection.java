package io.jnsq.benchmarks.load;

import io.jnsq.protocol.frame.Frame;
import io.jnsq.protocol.frame.FrameType;
import io.jnsq.protocol.message.MessageHeader;
import io.jnsq.protocol.message.MessageId;
import io.jnsq.testclient.InputBuffer;
import io.jnsq.testclient.V2Commands;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * One connection to the {@link LoadSink}: a reader thread parses commands in place, answers OK and
 * counts FINs; once the client sends RDY a streamer thread writes message frames while fewer than RDY
 * are unacknowledged.
 */
final class SinkConnection implements Runnable {

    private static final byte[] OK = responseFrame("OK");
    private static final byte[] CLOSE_WAIT = responseFrame("CLOSE_WAIT");
    private static final int STREAM_CHUNK = 64 * 1024;
    private static final int MAX_LINE = 1024;

    private final Socket socket;
    private final OutputStream out;
    private final int bodySize;
    private final Object writeLock = new Object();
    private final AtomicLong inFlight = new AtomicLong();
    private volatile long rdy;
    private volatile boolean open = true;
    private volatile Thread streamer;

    SinkConnection(Socket socket, int bodySize) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.bodySize = bodySize;
    }

    @Override
    public void run() {
        try {
            InputBuffer in = new InputBuffer(socket.getInputStream(), 256 * 1024);
            if (!in.request(4)) {
                return;
            }
            in.consume(4); // the magic: whatever it is, the sink speaks V2
            while (open) {
                int newline;
                while ((newline = in.indexOf((byte) '\n', in.start())) < 0) {
                    if (in.available() > MAX_LINE || !in.fill()) {
                        return;
                    }
                }
                int lineStart = in.start();
                int lineLength = newline - lineStart;
                in.consume(lineLength + 1);
                command(in, lineStart, lineLength);
            }
        } catch (IOException e) {
            // the client went away: nothing to report from a sink
        } finally {
            close();
        }
    }

    private void command(InputBuffer in, int lineStart, int lineLength) throws IOException {
        byte[] line = in.bytes();
        if (startsWith(line, lineStart, lineLength, "FIN ")) {
            if (inFlight.getAndDecrement() >= rdy) {
                LockSupport.unpark(streamer);
            }
        } else if (startsWith(line, lineStart, lineLength, "MPUB ") || startsWith(line, lineStart, lineLength, "PUB ")
                || startsWith(line, lineStart, lineLength, "DPUB ") || startsWith(line, lineStart, lineLength, "IDENTIFY")) {
            if (!in.request(4)) {
                throw new IOException("closed before the body size");
            }
            int size = in.intAt(in.start());
            in.consume(4);
            if (!in.skip(size)) {
                throw new IOException("closed inside a body");
            }
            write(OK);
        } else if (startsWith(line, lineStart, lineLength, "RDY ")) {
            rdy = Long.parseLong(new String(line, lineStart + 4, lineLength - 4, StandardCharsets.US_ASCII).trim());
            startStreaming();
        } else if (startsWith(line, lineStart, lineLength, "SUB ")) {
            write(OK);
        } else if (startsWith(line, lineStart, lineLength, "CLS")) {
            rdy = 0;
            write(CLOSE_WAIT);
        }
        // NOP and anything else: nothing to answer
    }

    private void startStreaming() {
        if (streamer == null) {
            Thread thread = new Thread(this::stream, Thread.currentThread().getName() + "-stream");
            thread.setDaemon(true);
            streamer = thread;
            thread.start();
        } else {
            LockSupport.unpark(streamer);
        }
    }

    /** Writes message frames in chunks while the client's RDY allows, each stamped with the send time. */
    private void stream() {
        int frameLength = MessageHeader.FRAME_PREFIX_LENGTH + bodySize;
        int perChunk = Math.max(1, STREAM_CHUNK / frameLength);
        byte[] chunk = new byte[perChunk * frameLength];
        long nextId = 0;
        try {
            while (open) {
                long credit = rdy - inFlight.get();
                if (credit <= 0) {
                    LockSupport.parkNanos(1_000_000);
                    continue;
                }
                int frames = (int) Math.min(credit, perChunk);
                long now = System.nanoTime();
                for (int i = 0; i < frames; i++) {
                    writeMessageFrame(chunk, i * frameLength, nextId++, now);
                }
                inFlight.addAndGet(frames);
                synchronized (writeLock) {
                    out.write(chunk, 0, frames * frameLength);
                }
            }
        } catch (IOException e) {
            close();
        }
    }

    private void writeMessageFrame(byte[] chunk, int offset, long id, long nanos) {
        V2Commands.putInt(chunk, offset, 4 + MessageHeader.LENGTH + bodySize);
        V2Commands.putInt(chunk, offset + 4, FrameType.MESSAGE.code());
        int header = offset + Frame.HEADER_LENGTH;
        V2Commands.putLong(chunk, header + MessageHeader.TIMESTAMP_OFFSET, System.currentTimeMillis() * 1_000_000L);
        chunk[header + MessageHeader.ATTEMPTS_OFFSET] = 0;
        chunk[header + MessageHeader.ATTEMPTS_OFFSET + 1] = 1;
        MessageId.write(id, chunk, header + MessageHeader.ID_OFFSET);
        if (bodySize >= PublishBatch.STAMP_LENGTH) {
            V2Commands.putLong(chunk, header + MessageHeader.LENGTH, nanos);
        }
    }

    private void write(byte[] frame) throws IOException {
        synchronized (writeLock) {
            out.write(frame);
        }
    }

    void close() {
        open = false;
        Thread thread = streamer;
        if (thread != null) {
            LockSupport.unpark(thread);
        }
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    private static boolean startsWith(byte[] bytes, int offset, int length, String prefix) {
        if (length < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (bytes[offset + i] != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static byte[] responseFrame(String text) {
        byte[] data = text.getBytes(StandardCharsets.US_ASCII);
        byte[] frame = new byte[Frame.HEADER_LENGTH + data.length];
        V2Commands.putInt(frame, 0, 4 + data.length);
        V2Commands.putInt(frame, 4, FrameType.RESPONSE.code());
        System.arraycopy(data, 0, frame, Frame.HEADER_LENGTH, data.length);
        return frame;
    }
}
