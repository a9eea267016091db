package io.jnsq.benchmarks.load;

import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import org.xerial.snappy.SnappyFramedOutputStream;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import java.io.DataInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.regex.Pattern;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * A V2 connection with the magic sent and, when {@link Upgrades#any()}, IDENTIFY negotiated and the
 * streams upgraded as nsqd does it: the IDENTIFY answer (JSON) arrives in the clear, then the client
 * starts TLS on the same socket and reads {@code OK} through it; then snappy or deflate, each again
 * followed by an {@code OK} in the new encoding. {@link #in()} and {@link #out()} are the upgraded
 * streams; every {@code write} on {@link #out()} is flushed through the compressor, so one write is
 * one command (or batch of commands) on the wire, as with a plain socket.
 *
 * <p>Read timeouts ({@link Socket#setSoTimeout}) keep working on every layer: the JDK's TLS socket
 * keeps a partly read record across a timeout, {@link InflaterInputStream} only asks for more input
 * when it has consumed all it had, and {@link SnappyFrameInputStream} decodes a chunk only once all of
 * it has arrived.
 */
final class V2Link implements AutoCloseable {

    private static final int TLS_HANDSHAKE_TIMEOUT_MILLIS = 10_000;
    private static final int MAX_RESPONSE = 1024 * 1024;

    private final Socket plain;
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final boolean identified;

    private V2Link(Socket plain, Socket socket, InputStream in, OutputStream out, boolean identified) {
        this.plain = plain;
        this.socket = socket;
        this.in = in;
        this.out = out;
        this.identified = identified;
    }

    /** Connects, sends the magic and, with upgrades, IDENTIFY (as {@code userAgent}) and the upgrades. */
    static V2Link open(InetSocketAddress address, int readTimeoutMillis, Upgrades upgrades, String userAgent)
            throws IOException {
        Socket socket = Connections.open(address, readTimeoutMillis);
        try {
            OutputStream rawOut = socket.getOutputStream();
            rawOut.write(V2Commands.MAGIC);
            if (!upgrades.any()) {
                rawOut.flush();
                return new V2Link(socket, socket, socket.getInputStream(), rawOut, false);
            }
            return negotiate(socket, address, readTimeoutMillis, upgrades, userAgent);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    private static V2Link negotiate(Socket plain, InetSocketAddress address, int readTimeoutMillis, Upgrades upgrades,
                                    String userAgent) throws IOException {
        OutputStream out = plain.getOutputStream();
        out.write(V2Commands.identify(upgrades.identifyJson(userAgent).getBytes(StandardCharsets.UTF_8)));
        out.flush();
        // read exactly the answer: what follows it belongs to the upgraded stream
        String answer = readResponse(plain.getInputStream(), "IDENTIFY");
        requireAgreed(answer, "tls_v1", upgrades.tls());
        requireAgreed(answer, "snappy", upgrades.snappy());
        requireAgreed(answer, "deflate", upgrades.deflate());

        Socket socket = plain;
        InputStream in = plain.getInputStream();
        if (upgrades.tls()) {
            SSLSocket tls = startTls(plain, address);
            socket = tls;
            in = tls.getInputStream();
            out = tls.getOutputStream();
            expectOk(in, "the TLS upgrade");
        }
        if (upgrades.snappy()) {
            out = new FlushingOutputStream(new SnappyFramedOutputStream(out));
            in = new SnappyFrameInputStream(in);
            expectOk(in, "the snappy upgrade");
        } else if (upgrades.deflate()) {
            out = new FlushingOutputStream(new DeflaterOutputStream(out, new Deflater(upgrades.deflateLevel(), true), 64 * 1024, true));
            in = new InflaterInputStream(in, new Inflater(true), 64 * 1024);
            expectOk(in, "the deflate upgrade");
        }
        socket.setSoTimeout(readTimeoutMillis);
        return new V2Link(plain, socket, in, out, true);
    }

    private static SSLSocket startTls(Socket plain, InetSocketAddress address) throws IOException {
        SSLContext context;
        try {
            context = SSLContext.getInstance("TLS");
            // a load tool on loopback: any certificate will do, as go-nsq's tls_insecure_skip_verify
            context.init(null, InsecureTrustManagerFactory.INSTANCE.getTrustManagers(), null);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up TLS: " + e.getMessage(), e);
        }
        SSLSocket tls = (SSLSocket) context.getSocketFactory()
                .createSocket(plain, address.getHostString(), address.getPort(), true);
        tls.setUseClientMode(true);
        int timeout = plain.getSoTimeout();
        tls.setSoTimeout(TLS_HANDSHAKE_TIMEOUT_MILLIS);
        tls.startHandshake();
        tls.setSoTimeout(timeout);
        return tls;
    }

    private static void requireAgreed(String answer, String feature, boolean asked) throws IOException {
        if (asked && !Pattern.compile("\"" + feature + "\"\\s*:\\s*true").matcher(answer).find()) {
            throw new IOException("nsqd did not agree to " + feature + ": " + answer);
        }
    }

    private static void expectOk(InputStream in, String after) throws IOException {
        String response = readResponse(in, after);
        if (!response.equals("OK")) {
            throw new IOException("expected OK after " + after + ", got " + response);
        }
    }

    /** Reads exactly one response frame and returns its text; an error frame fails. */
    static String readResponse(InputStream in, String after) throws IOException {
        DataInputStream data = new DataInputStream(in);
        int size = data.readInt();
        if (size < 4 || size > MAX_RESPONSE) {
            throw new IOException("corrupt frame after " + after + ": size " + size);
        }
        int type = data.readInt();
        byte[] body = new byte[size - 4];
        data.readFully(body);
        String text = new String(body, StandardCharsets.UTF_8);
        if (type != 0) {
            throw new IOException(after + " refused: " + text);
        }
        return text;
    }

    Socket socket() {
        return socket;
    }

    InputStream in() {
        return in;
    }

    OutputStream out() {
        return out;
    }

    /** Whether IDENTIFY was already sent (and answered) while upgrading. */
    boolean identified() {
        return identified;
    }

    /**
     * Closes the TCP socket under any TLS layer, without a TLS close_notify: nsqd sees the connection
     * end, and a reader blocked in another thread is released at once.
     */
    @Override
    public void close() throws IOException {
        plain.close();
    }

    /** Every write goes out at once: compressing streams would otherwise hold it until a flush. */
    private static final class FlushingOutputStream extends FilterOutputStream {

        FlushingOutputStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            out.flush();
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            out.flush();
        }

        /** Nothing left to flush: a deflate stream would otherwise send an empty sync block for it. */
        @Override
        public void flush() {
        }
    }
}
