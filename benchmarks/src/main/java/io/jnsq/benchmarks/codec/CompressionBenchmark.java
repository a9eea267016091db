package io.jnsq.benchmarks.codec;

import io.jnsq.benchmarks.BenchmarkDefaults;
import io.jnsq.protocol.message.MessageHeader;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.compression.JdkZlibDecoder;
import io.netty.handler.codec.compression.JdkZlibEncoder;
import io.netty.handler.codec.compression.SnappyFrameDecoder;
import io.netty.handler.codec.compression.SnappyFrameEncoder;
import io.netty.handler.codec.compression.ZlibWrapper;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.xerial.snappy.SnappyFramedInputStream;
import org.xerial.snappy.SnappyFramedOutputStream;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * The compressed stream upgrades IDENTIFY can negotiate, on the server's output: a stream of message
 * frames ({@value #BODY_SIZE}-byte bodies) cut into {@value #WRITE_SIZE}-byte writes, as a client's
 * output buffer (16 KiB by default) flushes them, each write compressed and flushed on its own (one
 * snappy chunk; one DEFLATE block ending in a sync flush, as Go's {@code flate.Writer.Flush}). One
 * operation is one write: ops/s × {@value #WRITE_SIZE} is the uncompressed throughput.
 *
 * <ul>
 *   <li>{@code snappyNetty*}: Netty's {@link SnappyFrameEncoder}/{@link SnappyFrameDecoder} (pure Java,
 *       CRC-32C masked checksums) in an {@link EmbeddedChannel}, as they would sit in a pipeline.</li>
 *   <li>{@code snappyNettyDecodeUnchecked}: the same decoder with checksum verification off, to show
 *       the share of Netty's table-driven CRC-32C.</li>
 *   <li>{@code snappyXerial*}: snappy-java's {@link SnappyFramedOutputStream} (write, flush) and
 *       {@link SnappyFramedInputStream} (native snappy through JNI), adapted to buffers the way a Netty
 *       handler would have to: the direct write's bytes go in as a {@link ByteBuffer}, the compressed
 *       bytes come out into an I/O buffer; decoding reads from a stream over the received bytes and
 *       copies the result into an I/O buffer.</li>
 *   <li>{@code deflateNetty*}: Netty's {@link JdkZlibEncoder}/{@link JdkZlibDecoder} with
 *       {@link ZlibWrapper#NONE} (raw DEFLATE, what nsqd's {@code flate} speaks) at level 6.</li>
 *   <li>{@code deflateJdk*}: {@link Deflater}/{@link Inflater} (nowrap, level 6) driven directly on the
 *       direct buffers' {@link ByteBuffer}s with {@link Deflater#SYNC_FLUSH}: no heap copies.</li>
 * </ul>
 *
 * Inputs are direct buffers (what V2's output buffer holds). Decoders read a pre-compressed stream of
 * {@value #CYCLE} writes (both snappy decoders the same bytes, made by snappy-java), one write's
 * compressed bytes per operation; at the end of the stream the decoder is replaced by a fresh one
 * (once every {@value #CYCLE} operations). {@code payload} {@code text} is JSON-like event bodies
 * (compressible, roughly what applications publish), {@code random} is incompressible bytes. The
 * trial setup checks that every decoder gives back the original bytes and prints each codec's
 * compressed size.
 */
@State(Scope.Thread)
public class CompressionBenchmark extends BenchmarkDefaults {

    static final int BODY_SIZE = 200;
    static final int WRITE_SIZE = 16 * 1024;
    static final int CYCLE = 128;

    @Param({"text", "random"})
    public String payload;

    private final ByteBufAllocator alloc = Allocators.named("adaptive");

    /** The plain writes, direct, never released until tear-down (benchmarks read duplicates). */
    private ByteBuf[] writes;
    private int next;

    private EmbeddedChannel nettySnappyEncoder;
    private SnappyFramedOutputStream xerialEncoder;
    private final BufferSink xerialSink = new BufferSink();
    private EmbeddedChannel nettyDeflateEncoder;
    private Deflater jdkDeflater;

    /** Compressed stream per decoder, one chunk per write (the first also carries any stream header). */
    private byte[][] snappyChunks;
    private byte[] snappyStream;
    private ByteBuf[] snappyChunkBufs;
    private ByteBuf[] deflateChunkBufs;
    private EmbeddedChannel nettySnappyDecoder;
    private int nettySnappyNext;
    private EmbeddedChannel nettySnappyUncheckedDecoder;
    private int nettySnappyUncheckedNext;
    private SnappyFramedInputStream xerialDecoder;
    private int xerialNext;
    private final byte[] xerialReadBuffer = new byte[WRITE_SIZE];
    private EmbeddedChannel nettyDeflateDecoder;
    private int nettyDeflateNext;
    private Inflater jdkInflater;
    private int jdkInflateNext;

    @Setup
    public void prepare() throws IOException, DataFormatException {
        writes = frameStream(payload);

        nettySnappyEncoder = embedded(new SnappyFrameEncoder());
        xerialEncoder = new SnappyFramedOutputStream(xerialSink);
        nettyDeflateEncoder = embedded(new JdkZlibEncoder(ZlibWrapper.NONE, 6));
        jdkDeflater = new Deflater(6, true);

        // the decoders' input: snappy as snappy-java frames it (the reference C++ compressor, as Go's is
        // a port of), one chunk per write; deflate as the JDK's zlib makes it
        snappyChunks = new byte[CYCLE][];
        ByteArrayOutputStream whole = new ByteArrayOutputStream();
        ChunkRecorder recorder = new ChunkRecorder(whole);
        try (SnappyFramedOutputStream out = new SnappyFramedOutputStream(recorder)) {
            for (int i = 0; i < CYCLE; i++) {
                out.write(ByteBufUtil.getBytes(writes[i]));
                out.flush();
                snappyChunks[i] = recorder.take();
            }
        }
        snappyStream = whole.toByteArray();
        snappyChunkBufs = directCopies(snappyChunks);
        Deflater deflater = new Deflater(6, true);
        byte[][] deflateChunks = new byte[CYCLE][];
        for (int i = 0; i < CYCLE; i++) {
            deflateChunks[i] = deflateSync(deflater, ByteBufUtil.getBytes(writes[i]));
        }
        deflater.end();
        deflateChunkBufs = directCopies(deflateChunks);

        resetNettySnappyDecoder();
        resetNettySnappyUncheckedDecoder();
        resetXerialDecoder();
        resetNettyDeflateDecoder();
        resetJdkInflater();
        verifyAndReport();
    }

    @TearDown
    public void close() throws IOException {
        nettySnappyEncoder.finishAndReleaseAll();
        nettyDeflateEncoder.finishAndReleaseAll();
        nettySnappyDecoder.finishAndReleaseAll();
        nettySnappyUncheckedDecoder.finishAndReleaseAll();
        nettyDeflateDecoder.finishAndReleaseAll();
        xerialEncoder.close();
        xerialDecoder.close();
        jdkDeflater.end();
        jdkInflater.end();
        for (ByteBuf b : writes) {
            b.release();
        }
        for (ByteBuf b : snappyChunkBufs) {
            b.release();
        }
        for (ByteBuf b : deflateChunkBufs) {
            b.release();
        }
    }

    private ByteBuf nextWrite() {
        ByteBuf w = writes[next];
        next = (next + 1) % CYCLE;
        return w.duplicate();
    }

    // ---- encode: one plain write in, its compressed bytes out (released, as after the socket write)

    @Benchmark
    public int snappyNettyEncode() {
        nettySnappyEncoder.writeOutbound(nextWrite().retain());
        return drainOutbound(nettySnappyEncoder);
    }

    @Benchmark
    public int snappyXerialEncode() throws IOException {
        ByteBuf w = nextWrite();
        xerialSink.out = alloc.ioBuffer(WRITE_SIZE + WRITE_SIZE / 6 + 32);
        xerialEncoder.write(w.nioBuffer());
        xerialEncoder.flush();
        int n = xerialSink.out.readableBytes();
        xerialSink.out.release();
        xerialSink.out = null;
        return n;
    }

    @Benchmark
    public int deflateNettyEncode() {
        nettyDeflateEncoder.writeOutbound(nextWrite().retain());
        return drainOutbound(nettyDeflateEncoder);
    }

    @Benchmark
    public int deflateJdkEncode() {
        ByteBuf w = nextWrite();
        jdkDeflater.setInput(w.nioBuffer());
        ByteBuf out = alloc.ioBuffer(WRITE_SIZE + WRITE_SIZE / 8 + 64);
        int n;
        do {
            if (!out.isWritable()) {
                out.ensureWritable(out.capacity());
            }
            ByteBuffer dst = out.nioBuffer(out.writerIndex(), out.writableBytes());
            n = jdkDeflater.deflate(dst, Deflater.SYNC_FLUSH);
            out.writerIndex(out.writerIndex() + n);
        } while (!out.isWritable()); // a full buffer may mean more output is pending
        int written = out.readableBytes();
        out.release();
        return written;
    }

    // ---- decode: one write's compressed bytes in, the plain bytes out (released, as after the frame decoder)

    @Benchmark
    public int snappyNettyDecode() {
        if (nettySnappyNext == CYCLE) {
            resetNettySnappyDecoder();
        }
        nettySnappyDecoder.writeInbound(snappyChunkBufs[nettySnappyNext++].retainedDuplicate());
        return drainInbound(nettySnappyDecoder);
    }

    /** Netty's decoder without CRC-32C verification (nsqd's Go reader always verifies): the checksum's share. */
    @Benchmark
    public int snappyNettyDecodeUnchecked() {
        if (nettySnappyUncheckedNext == CYCLE) {
            resetNettySnappyUncheckedDecoder();
        }
        nettySnappyUncheckedDecoder.writeInbound(snappyChunkBufs[nettySnappyUncheckedNext++].retainedDuplicate());
        return drainInbound(nettySnappyUncheckedDecoder);
    }

    @Benchmark
    public int snappyXerialDecode() throws IOException {
        if (xerialNext == CYCLE) {
            resetXerialDecoder();
        }
        xerialNext++;
        int n = 0;
        while (n < WRITE_SIZE) {
            int r = xerialDecoder.read(xerialReadBuffer, n, WRITE_SIZE - n);
            if (r < 0) {
                throw new IllegalStateException("snappy stream ended early");
            }
            n += r;
        }
        ByteBuf out = alloc.ioBuffer(WRITE_SIZE).writeBytes(xerialReadBuffer, 0, n);
        out.release();
        return n;
    }

    @Benchmark
    public int deflateNettyDecode() {
        if (nettyDeflateNext == CYCLE) {
            resetNettyDeflateDecoder();
        }
        nettyDeflateDecoder.writeInbound(deflateChunkBufs[nettyDeflateNext++].retainedDuplicate());
        return drainInbound(nettyDeflateDecoder);
    }

    @Benchmark
    public int deflateJdkDecode() throws DataFormatException {
        if (jdkInflateNext == CYCLE) {
            resetJdkInflater();
        }
        ByteBuf in = deflateChunkBufs[jdkInflateNext++];
        jdkInflater.setInput(in.nioBuffer());
        // the decoded size is unknown to a decoder: a buffer of 4 × the compressed bytes (at least 8 KiB),
        // handed on when full and followed by another, as a handler would pass pieces up the pipeline
        int pieceSize = Math.max(in.readableBytes() * 4, 8 * 1024);
        int read = 0;
        ByteBuf out = alloc.ioBuffer(pieceSize);
        while (!jdkInflater.needsInput()) {
            if (!out.isWritable()) {
                read += out.readableBytes();
                out.release();
                out = alloc.ioBuffer(pieceSize);
            }
            int n = jdkInflater.inflate(out.nioBuffer(out.writerIndex(), out.writableBytes()));
            out.writerIndex(out.writerIndex() + n);
        }
        read += out.readableBytes();
        out.release();
        return read;
    }

    // ---- set-up

    /**
     * {@value #CYCLE} writes of {@value #WRITE_SIZE} bytes cut from one stream of message frames, as a
     * buffered writer flushes them: frames straddle writes.
     */
    static ByteBuf[] frameStream(String payload) {
        Random random = new Random(42);
        ByteBuf stream = Unpooled.buffer(CYCLE * WRITE_SIZE + 1024);
        long timestamp = 1_764_000_000_000_000_000L;
        long id = 0x0d1c2b3a49586000L;
        while (stream.readableBytes() < CYCLE * WRITE_SIZE) {
            byte[] body = body(payload, random);
            timestamp += 1_000 + random.nextInt(50_000);
            MessageHeader.writeFramePrefix(stream, timestamp, 1, id++, body.length);
            stream.writeBytes(body);
        }
        ByteBuf[] writes = new ByteBuf[CYCLE];
        for (int i = 0; i < CYCLE; i++) {
            writes[i] = Unpooled.directBuffer(WRITE_SIZE).writeBytes(stream, i * WRITE_SIZE, WRITE_SIZE);
        }
        return writes;
    }

    private static final String[] EVENTS = {"page_view", "add_to_cart", "checkout", "login", "search", "logout"};

    static byte[] body(String payload, Random random) {
        byte[] body = new byte[BODY_SIZE];
        switch (payload) {
            case "random" -> random.nextBytes(body);
            case "text" -> {
                String json = String.format(
                        "{\"ts\":%d,\"user\":\"user-%06d\",\"event\":\"%s\",\"path\":\"/products/%d\","
                                + "\"session\":\"%016x\",\"price\":%d.%02d,\"country\":\"%s\",\"tags\":[\"%s\"]}",
                        1_764_000_000_000L + random.nextInt(1_000_000), random.nextInt(1_000_000),
                        EVENTS[random.nextInt(EVENTS.length)], random.nextInt(100_000), random.nextLong(),
                        random.nextInt(500), random.nextInt(100),
                        new String[] {"NL", "DE", "US", "FR", "JP"}[random.nextInt(5)],
                        Long.toString(random.nextLong() & Long.MAX_VALUE, 36));
                byte[] text = json.getBytes(StandardCharsets.US_ASCII);
                Arrays.fill(body, (byte) ' ');
                System.arraycopy(text, 0, body, 0, Math.min(text.length, body.length));
            }
            default -> throw new IllegalArgumentException("payload must be text or random, got " + payload);
        }
        return body;
    }

    private EmbeddedChannel embedded(io.netty.channel.ChannelHandler handler) {
        EmbeddedChannel channel = new EmbeddedChannel(handler);
        channel.config().setAllocator(alloc);
        return channel;
    }

    private void resetNettySnappyDecoder() {
        if (nettySnappyDecoder != null) {
            nettySnappyDecoder.finishAndReleaseAll();
        }
        nettySnappyDecoder = embedded(new SnappyFrameDecoder(true));
        nettySnappyNext = 0;
    }

    private void resetNettySnappyUncheckedDecoder() {
        if (nettySnappyUncheckedDecoder != null) {
            nettySnappyUncheckedDecoder.finishAndReleaseAll();
        }
        nettySnappyUncheckedDecoder = embedded(new SnappyFrameDecoder(false));
        nettySnappyUncheckedNext = 0;
    }

    private void resetXerialDecoder() throws IOException {
        xerialDecoder = new SnappyFramedInputStream(new ByteArrayInputStream(snappyStream), true);
        xerialNext = 0;
    }

    private void resetNettyDeflateDecoder() {
        if (nettyDeflateDecoder != null) {
            nettyDeflateDecoder.finishAndReleaseAll();
        }
        nettyDeflateDecoder = embedded(new JdkZlibDecoder(ZlibWrapper.NONE, 0));
        nettyDeflateNext = 0;
    }

    private void resetJdkInflater() {
        if (jdkInflater == null) {
            jdkInflater = new Inflater(true);
        } else {
            jdkInflater.reset();
        }
        jdkInflateNext = 0;
    }

    private static int drainOutbound(EmbeddedChannel channel) {
        int n = 0;
        for (ByteBuf b; (b = channel.readOutbound()) != null; ) {
            n += b.readableBytes();
            b.release();
        }
        return n;
    }

    private static int drainInbound(EmbeddedChannel channel) {
        int n = 0;
        for (ByteBuf b; (b = channel.readInbound()) != null; ) {
            n += b.readableBytes();
            b.release();
        }
        return n;
    }

    private static byte[] deflateSync(Deflater deflater, byte[] input) {
        deflater.setInput(input);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[WRITE_SIZE * 2];
        int n;
        do {
            n = deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH);
            out.write(buffer, 0, n);
        } while (n == buffer.length);
        return out.toByteArray();
    }

    private static ByteBuf[] directCopies(byte[][] chunks) {
        ByteBuf[] bufs = new ByteBuf[chunks.length];
        for (int i = 0; i < chunks.length; i++) {
            bufs[i] = Unpooled.directBuffer(chunks[i].length).writeBytes(chunks[i]);
        }
        return bufs;
    }

    /**
     * Runs every codec once over the whole cycle on fresh instances, checks the round trip and
     * prints the compressed sizes (the encoders' output, the decoders' input).
     */
    private void verifyAndReport() throws IOException, DataFormatException {
        long plain = (long) CYCLE * WRITE_SIZE;
        byte[] expected = new byte[(int) plain];
        for (int i = 0; i < CYCLE; i++) {
            writes[i].getBytes(0, expected, i * WRITE_SIZE, WRITE_SIZE);
        }
        List<String> report = new ArrayList<>();

        EmbeddedChannel snappyEnc = embedded(new SnappyFrameEncoder());
        EmbeddedChannel snappyDec = embedded(new SnappyFrameDecoder(true));
        EmbeddedChannel deflateEnc = embedded(new JdkZlibEncoder(ZlibWrapper.NONE, 6));
        EmbeddedChannel deflateDec = embedded(new JdkZlibDecoder(ZlibWrapper.NONE, 0));
        ByteArrayOutputStream nettySnappyPlain = new ByteArrayOutputStream();
        ByteArrayOutputStream nettyDeflatePlain = new ByteArrayOutputStream();
        long nettySnappySize = 0;
        long nettyDeflateSize = 0;
        for (int i = 0; i < CYCLE; i++) {
            snappyEnc.writeOutbound(writes[i].retainedDuplicate());
            for (ByteBuf b; (b = snappyEnc.readOutbound()) != null; ) {
                nettySnappySize += b.readableBytes();
                snappyDec.writeInbound(b);
            }
            for (ByteBuf b; (b = snappyDec.readInbound()) != null; ) {
                nettySnappyPlain.write(ByteBufUtil.getBytes(b));
                b.release();
            }
            deflateEnc.writeOutbound(writes[i].retainedDuplicate());
            for (ByteBuf b; (b = deflateEnc.readOutbound()) != null; ) {
                nettyDeflateSize += b.readableBytes();
                deflateDec.writeInbound(b);
            }
            for (ByteBuf b; (b = deflateDec.readInbound()) != null; ) {
                nettyDeflatePlain.write(ByteBufUtil.getBytes(b));
                b.release();
            }
        }
        check("Netty snappy", nettySnappyPlain.toByteArray(), expected);
        check("Netty deflate", nettyDeflatePlain.toByteArray(), expected);
        // Netty's snappy decoder reading snappy-java's stream
        EmbeddedChannel crossDec = embedded(new SnappyFrameDecoder(true));
        crossDec.writeInbound(Unpooled.wrappedBuffer(snappyStream));
        ByteArrayOutputStream cross = new ByteArrayOutputStream();
        for (ByteBuf b; (b = crossDec.readInbound()) != null; ) {
            cross.write(ByteBufUtil.getBytes(b));
            b.release();
        }
        check("Netty snappy decoding snappy-java's stream", cross.toByteArray(), expected);
        // snappy-java reading its own stream
        try (SnappyFramedInputStream in = new SnappyFramedInputStream(new ByteArrayInputStream(snappyStream), true)) {
            check("snappy-java", in.readAllBytes(), expected);
        }
        // the JDK inflater over the pre-made deflate chunks the decoders read
        Inflater inflater = new Inflater(true);
        ByteArrayOutputStream jdkPlain = new ByteArrayOutputStream();
        long jdkDeflateSize = 0;
        byte[] buffer = new byte[WRITE_SIZE];
        for (ByteBuf chunk : deflateChunkBufs) {
            jdkDeflateSize += chunk.readableBytes();
            inflater.setInput(ByteBufUtil.getBytes(chunk));
            while (!inflater.needsInput()) {
                int n = inflater.inflate(buffer);
                jdkPlain.write(buffer, 0, n);
            }
        }
        inflater.end();
        check("JDK inflater", jdkPlain.toByteArray(), expected);
        for (EmbeddedChannel c : List.of(snappyEnc, snappyDec, deflateEnc, deflateDec, crossDec)) {
            c.finishAndReleaseAll();
        }

        report.add(String.format("Netty snappy %.3f", nettySnappySize / (double) plain));
        report.add(String.format("snappy-java %.3f", snappyStream.length / (double) plain));
        report.add(String.format("deflate-6 %.3f (Netty) %.3f (JDK)", nettyDeflateSize / (double) plain,
                jdkDeflateSize / (double) plain));
        System.out.println("\n[" + payload + "] compressed/plain over " + CYCLE + " writes of " + WRITE_SIZE
                + " B: " + String.join(", ", report));
    }

    private static void check(String what, byte[] actual, byte[] expected) {
        if (!Arrays.equals(actual, expected)) {
            throw new IllegalStateException(what + ": round trip differs (" + actual.length + " bytes back of "
                    + expected.length + ")");
        }
    }

    /** The xerial encoder's output stream: appends to whichever I/O buffer the operation set. */
    private static final class BufferSink extends OutputStream {
        ByteBuf out;

        @Override
        public void write(int b) {
            if (out != null) {
                out.writeByte(b);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) {
            if (out != null) { // the stream header, written by the constructor, is not part of any operation
                out.writeBytes(b, off, len);
            }
        }
    }

    /** Passes everything to {@code whole} and keeps what arrived since the last {@link #take()}. */
    private static final class ChunkRecorder extends OutputStream {
        private final ByteArrayOutputStream whole;
        private final ByteArrayOutputStream current = new ByteArrayOutputStream();

        ChunkRecorder(ByteArrayOutputStream whole) {
            this.whole = whole;
        }

        @Override
        public void write(int b) {
            whole.write(b);
            current.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            whole.write(b, off, len);
            current.write(b, off, len);
        }

        byte[] take() {
            byte[] chunk = current.toByteArray();
            current.reset();
            return chunk;
        }
    }
}
