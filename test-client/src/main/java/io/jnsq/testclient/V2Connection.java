package io.jnsq.testclient;

import org.xerial.snappy.SnappyFramedOutputStream;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * A blocking V2 connection as a client sees it, written apart from the server's codecs so a shared
 * mistake cannot hide: raw bytes out ({@link #out()}, one write is one command or batch on the wire),
 * frames in ({@link #frames()}, read in place), and IDENTIFY's upgrades as nsqd makes them: the IDENTIFY
 * answer arrives in the clear, then the client starts TLS on the same socket and reads {@code OK} through
 * it; then snappy or deflate, each again followed by an {@code OK} in the new encoding.
 *
 * <p>The frame reader reads ahead, so by the time the IDENTIFY answer is parsed it may already hold
 * bytes of the compressed stream behind it (nsqd can send the answer and the compressed {@code OK} in
 * one segment): a compression upgrade hands those bytes to the decompressor before the socket's.
 *
 * <p>Read timeouts ({@link Socket#setSoTimeout}) keep working on every layer: the JDK's TLS socket
 * keeps a partly read record across a timeout, {@link InflaterInputStream} only asks for more input
 * when it has consumed all it had, {@link SnappyFrameInputStream} decodes a chunk only once all of it has
 * arrived, and the frame reader keeps a partly read frame.
 */
public final class V2Connection implements AutoCloseable {

    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;
    private static final int TLS_HANDSHAKE_TIMEOUT_MILLIS = 10_000;
    private static final int DEFLATE_BUFFER = 64 * 1024;
    private static final Pattern DEFLATE_LEVEL = Pattern.compile("\"deflate_level\"\\s*:\\s*(\\d+)");

    private final Socket plain;
    private Socket socket;
    /** The transport's streams (the socket's, or TLS over it): what compression reads and writes through. */
    private InputStream transportIn;
    private OutputStream transportOut;
    private OutputStream out;
    private final FrameReader frames;

    /**
     * How a connection is set up.
     *
     * @param readTimeoutMillis how long a read waits; 0 waits for ever
     * @param socketBufferBytes the kernel's send and receive buffers; 0 leaves the system's
     * @param readAheadBytes the frame reader's initial buffer (it grows for a larger frame)
     */
    public record Options(int readTimeoutMillis, int socketBufferBytes, int readAheadBytes) {

        /** The system's socket buffers and a small read-ahead: for tests, which open many connections. */
        public static Options standard(int readTimeoutMillis) {
            return new Options(readTimeoutMillis, 0, 16 * 1024);
        }

        /**
         * Large socket buffers and read-ahead: for measuring, so a burst of deliveries or a batch of
         * publishes never waits on the kernel's buffers, and one read takes many frames.
         */
        public static Options bulk(int readTimeoutMillis) {
            return new Options(readTimeoutMillis, 1 << 20, 256 * 1024);
        }
    }

    private V2Connection(Socket plain, int readAheadBytes) throws IOException {
        this.plain = plain;
        this.socket = plain;
        this.transportIn = plain.getInputStream();
        this.transportOut = plain.getOutputStream();
        this.out = transportOut;
        this.frames = new FrameReader(transportIn, readAheadBytes);
    }

    /** Connects without sending anything; no Nagle. */
    public static V2Connection connectRaw(InetSocketAddress address, Options options) throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            if (options.socketBufferBytes() > 0) {
                socket.setReceiveBufferSize(options.socketBufferBytes());
                socket.setSendBufferSize(options.socketBufferBytes());
            }
            socket.connect(address, CONNECT_TIMEOUT_MILLIS);
            socket.setSoTimeout(options.readTimeoutMillis());
            return new V2Connection(socket, options.readAheadBytes());
        } catch (IOException e) {
            socket.close();
            throw new IOException("cannot connect to " + address.getHostString() + ":" + address.getPort() + ": " + e.getMessage(), e);
        }
    }

    /** Connects and sends the V2 magic. */
    public static V2Connection connect(InetSocketAddress address, Options options) throws IOException {
        V2Connection connection = connectRaw(address, options);
        try {
            connection.out.write(V2Commands.MAGIC);
            return connection;
        } catch (IOException e) {
            connection.close();
            throw e;
        }
    }

    /** The socket reads time out on: the TLS socket once upgraded. */
    public Socket socket() {
        return socket;
    }

    /** Where commands go, in the connection's current encoding; every write leaves at once. */
    public OutputStream out() {
        return out;
    }

    /** The server's frames, in the connection's current encoding. */
    public FrameReader frames() {
        return frames;
    }

    /**
     * Sends IDENTIFY with {@code identifyJson} and, when the answer is nsqd's JSON (feature negotiation),
     * makes the upgrades it agreed to in nsqd's order: TLS (with {@code tls}), then snappy or deflate (at
     * the level it answered). Returns the answer.
     *
     * @param tls the context for a TLS upgrade; {@code null} when none was asked for
     */
    public String negotiate(String identifyJson, SSLContext tls) throws IOException {
        out.write(V2Commands.identify(identifyJson));
        String answer = response("IDENTIFY");
        if (agreed(answer, "tls_v1")) {
            if (tls == null) {
                throw new IOException("nsqd upgrades to TLS, with no TLS context to answer: " + answer);
            }
            upgradeTls(tls);
        }
        if (agreed(answer, "snappy")) {
            upgradeSnappy();
        } else if (agreed(answer, "deflate")) {
            Matcher level = DEFLATE_LEVEL.matcher(answer);
            if (!level.find()) {
                throw new IOException("nsqd agreed to deflate without a deflate_level: " + answer);
            }
            upgradeDeflate(Integer.parseInt(level.group(1)));
        }
        return answer;
    }

    /** Whether an IDENTIFY answer says {@code "feature":true}. */
    public static boolean agreed(String answer, String feature) {
        return Pattern.compile("\"" + Pattern.quote(feature) + "\"\\s*:\\s*true").matcher(answer).find();
    }

    /**
     * The TLS handshake on this connection (after an IDENTIFY answered {@code tls_v1}), then its {@code OK}.
     * A handshake failure is thrown as the JDK reports it.
     */
    public void upgradeTls(SSLContext context) throws IOException {
        // nsqd waits for the ClientHello: whatever came after its IDENTIFY answer was not meant for TLS
        if (frames.switchTo(transportIn).length > 0) {
            throw new IOException("nsqd sent more than its IDENTIFY answer before the TLS handshake");
        }
        InetSocketAddress peer = (InetSocketAddress) plain.getRemoteSocketAddress();
        SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(plain, peer.getHostString(), peer.getPort(), true);
        tls.setUseClientMode(true);
        int timeout = plain.getSoTimeout();
        tls.setSoTimeout(Math.max(timeout, TLS_HANDSHAKE_TIMEOUT_MILLIS));
        tls.startHandshake();
        tls.setSoTimeout(timeout);
        socket = tls;
        transportIn = tls.getInputStream();
        transportOut = tls.getOutputStream();
        out = transportOut;
        frames.switchTo(transportIn);
        expectOk("the TLS upgrade");
    }

    /** Both directions switch to the snappy framing format, then {@code OK}. */
    public void upgradeSnappy() throws IOException {
        out = new FlushingOutputStream(new SnappyFramedOutputStream(transportOut));
        frames.switchTo(new SnappyFrameInputStream(readAheadThen(transportIn)));
        expectOk("the snappy upgrade");
    }

    /** Both directions switch to raw DEFLATE, each write ending in a sync flush, then {@code OK}. */
    public void upgradeDeflate(int level) throws IOException {
        out = new FlushingOutputStream(new DeflaterOutputStream(transportOut, new Deflater(level, true), DEFLATE_BUFFER, true));
        frames.switchTo(new InflaterInputStream(readAheadThen(transportIn), new Inflater(true), DEFLATE_BUFFER));
        expectOk("the deflate upgrade");
    }

    /** The bytes the frame reader read ahead, then {@code rest}. */
    private InputStream readAheadThen(InputStream rest) {
        byte[] readAhead = frames.switchTo(InputStream.nullInputStream());
        return readAhead.length == 0 ? rest : new SequenceInputStream(new ByteArrayInputStream(readAhead), rest);
    }

    /** Reads the next response that is not a heartbeat and returns its text; an error frame, a message or the end fails. */
    public String response(String after) throws IOException {
        while (true) {
            if (!frames.next()) {
                throw new EOFException("nsqd closed the connection after " + after);
            }
            if (frames.isError()) {
                throw new IOException(after + " refused: " + frames.text());
            }
            if (frames.isMessage()) {
                throw new IOException("a message instead of the answer to " + after);
            }
            if (!frames.isHeartbeat()) {
                return frames.text();
            }
        }
    }

    /** Reads the next response that is not a heartbeat: it must be {@code OK}. */
    public void expectOk(String after) throws IOException {
        String response = response(after);
        if (!response.equals("OK")) {
            throw new IOException("expected OK after " + after + ", got " + response);
        }
    }

    /**
     * Closes the TCP socket under any TLS layer, without a TLS close_notify: nsqd sees the connection
     * end, and a reader blocked in another thread is released at once.
     */
    @Override
    public void close() throws IOException {
        plain.close();
    }
}
