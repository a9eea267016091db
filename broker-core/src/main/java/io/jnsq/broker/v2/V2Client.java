package io.jnsq.broker.v2;

import io.jnsq.broker.Channel;
import io.jnsq.broker.ClientView;
import io.jnsq.broker.Consumer;
import io.jnsq.broker.ConsumerCounters;
import io.jnsq.broker.Message;
import io.jnsq.broker.auth.AuthState;
import io.jnsq.protocol.frame.Frames;
import io.jnsq.protocol.message.MessageHeader;
import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.ScheduledFuture;
import io.netty.util.internal.PlatformDependent;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.security.auth.x500.X500Principal;
import java.net.InetSocketAddress;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.net.SocketAddress;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One V2 connection's state: negotiated settings, subscription, counters, and the outbound path for
 * messages. Channels deliver from any thread into a queue; the connection's event loop writes them,
 * gathering frames until the output buffer fills, the timeout passes or the client can take no more.
 * Everything not marked volatile is touched only on the event loop.
 */
final class V2Client implements Consumer, ClientView {

    /** The largest buffer deliveries waiting for this consumer are written into together. */
    private static final int FRAME_BATCH_BYTES = 16 * 1024;

    static final int STATE_INIT = 0;
    static final int STATE_SUBSCRIBED = 3;
    static final int STATE_CLOSING = 4;

    private final long clientId;
    private final io.netty.channel.Channel connection;
    private final String remoteAddress;
    private final long connectTimeSeconds = System.currentTimeMillis() / 1000;
    private final ConsumerCounters counters = new ConsumerCounters();
    private final Map<String, Long> publishCounts = Collections.synchronizedMap(new LinkedHashMap<>());

    private volatile ClientSettings settings;
    private volatile String clientName;
    private volatile String hostname;
    private volatile String userAgent = "";
    private volatile String topologyRegion = "";
    private volatile String topologyZone = "";
    private volatile int state = STATE_INIT;
    private volatile long readyCount;
    private volatile Channel subscription;
    private volatile boolean snappy;
    private volatile boolean deflate;
    private volatile SSLSession tlsSession;
    private volatile AuthState authState;
    private final boolean tlsRequired;

    private final Queue<Message> outbound = PlatformDependent.newMpscQueue();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final Runnable drain = this::writeOutbound;
    private int unflushedBytes;
    private ScheduledFuture<?> flushTimer;
    private ScheduledFuture<?> heartbeat;

    V2Client(long clientId, io.netty.channel.Channel connection, ClientSettings settings, boolean tlsRequired) {
        this.tlsRequired = tlsRequired;
        this.clientId = clientId;
        this.connection = connection;
        this.settings = settings;
        SocketAddress remote = connection.remoteAddress();
        if (remote instanceof InetSocketAddress inet) {
            String ip = inet.getAddress() == null ? inet.getHostString() : inet.getAddress().getHostAddress();
            this.remoteAddress = (ip.contains(":") ? "[" + ip + "]" : ip) + ":" + inet.getPort();
            this.clientName = ip;
            this.hostname = ip;
        } else {
            this.remoteAddress = String.valueOf(remote);
            this.clientName = "";
            this.hostname = "";
        }
    }

    // ---- settings and state (event loop) -------------------------------------------------------

    ClientSettings settings() {
        return settings;
    }

    void identify(IdentifyRequest request, ClientSettings negotiated) {
        if (request.clientId() != null) {
            clientName = request.clientId();
        }
        if (request.hostname() != null) {
            hostname = request.hostname();
        }
        if (request.userAgent() != null) {
            userAgent = request.userAgent();
        }
        if (request.topologyRegion() != null) {
            topologyRegion = request.topologyRegion();
        }
        if (request.topologyZone() != null) {
            topologyZone = request.topologyZone();
        }
        if (negotiated.outputBufferSize() != settings.outputBufferSize()) {
            flush();
        }
        settings = negotiated;
    }

    /** What IDENTIFY stores before validating (nsqd shows these even when validation then fails). */
    void identifyNames(IdentifyRequest request) {
        identify(request, settings);
    }

    int stateValue() {
        return state;
    }

    void subscribe(Channel channel) {
        subscription = channel;
        state = STATE_SUBSCRIBED;
    }

    Channel subscription() {
        return subscription;
    }

    void setReadyCount(long count) {
        readyCount = count;
    }

    /** CLS: no more deliveries; outstanding messages can still be finished. */
    void startClosing() {
        readyCount = 0;
        state = STATE_CLOSING;
    }

    /** {@code --tls-required} and not on TLS yet: nothing but IDENTIFY is allowed. */
    boolean tlsPending() {
        return tlsRequired && tlsSession == null;
    }

    /** The TLS handshake after IDENTIFY succeeded: from now on every byte travels inside it. */
    void tlsEstablished(SSLSession session) {
        tlsSession = session;
    }

    void compressed(boolean snappy, boolean deflate) {
        this.snappy = snappy;
        this.deflate = deflate;
    }

    /** The subject common name of the client's certificate, or "" without one (sent to the auth server). */
    String tlsCommonName() {
        SSLSession session = tlsSession;
        if (session == null) {
            return "";
        }
        try {
            Certificate[] chain = session.getPeerCertificates();
            if (chain.length > 0 && chain[0] instanceof X509Certificate cert) {
                return commonName(cert.getSubjectX500Principal());
            }
        } catch (SSLPeerUnverifiedException noCertificate) {
            // the policy did not ask for one
        }
        return "";
    }

    private static String commonName(X500Principal subject) {
        try {
            for (Rdn rdn : new LdapName(subject.getName()).getRdns()) {
                if ("CN".equalsIgnoreCase(rdn.getType())) {
                    return String.valueOf(rdn.getValue());
                }
            }
        } catch (InvalidNameException e) {
            // an RFC 2253 name from the JDK always parses
        }
        return "";
    }

    /** The peer's IP address without port, as the auth server's {@code remote_ip}. */
    String remoteIp() {
        return connection.remoteAddress() instanceof InetSocketAddress inet && inet.getAddress() != null
                ? inet.getAddress().getHostAddress() : "";
    }

    /** The auth server's latest grant for this connection; {@code null} before AUTH. */
    AuthState authState() {
        return authState;
    }

    void authorized(AuthState state) {
        authState = state;
    }

    void published(String topic, long messages) {
        publishCounts.merge(topic, messages, Long::sum);
    }

    // ---- heartbeats (event loop) ---------------------------------------------------------------

    void scheduleHeartbeats() {
        if (heartbeat != null) {
            heartbeat.cancel(false);
            heartbeat = null;
        }
        long interval = settings.heartbeatMillis();
        if (interval > 0) {
            heartbeat = connection.eventLoop().scheduleAtFixedRate(this::sendHeartbeat, interval, interval, TimeUnit.MILLISECONDS);
        }
    }

    private void sendHeartbeat() {
        respond(Frames.heartbeat());
    }

    // ---- outbound ------------------------------------------------------------------------------

    /** A response or error frame: sent at once, carrying any buffered messages with it. */
    void respond(ByteBuf frame) {
        connection.write(frame, connection.voidPromise());
        unflushedBytes += frame.readableBytes();
        flush();
    }

    @Override
    public void deliver(Message message) {
        outbound.offer(message);
        if (drainScheduled.compareAndSet(false, true)) {
            connection.eventLoop().execute(drain);
        }
    }

    private void writeOutbound() {
        drainScheduled.set(false);
        if (!connection.isActive()) {
            outbound.clear(); // still in flight in the channel: they time out and are redelivered
            return;
        }
        ByteBuf frames = null;
        for (Message message; (message = outbound.poll()) != null; ) {
            byte[] body = message.body();
            int frameBytes = MessageHeader.FRAME_PREFIX_LENGTH + body.length;
            if (frames == null || frames.writableBytes() < frameBytes) {
                if (frames != null) {
                    connection.write(frames, connection.voidPromise());
                }
                frames = connection.alloc().ioBuffer(batchBytes(frameBytes));
            }
            MessageHeader.writeFramePrefix(frames, message.timestamp(), message.attempts(), message.id(), body.length);
            frames.writeBytes(body);
            unflushedBytes += frameBytes;
        }
        if (frames != null) {
            connection.write(frames, connection.voidPromise());
        }
        ClientSettings current = settings;
        Channel channel = subscription;
        if (unflushedBytes >= current.outputBufferSize() || !wantsMore() || channel == null || !channel.backlogged()) {
            flush();
        } else if (current.outputBufferTimeoutMillis() > 0 && flushTimer == null) {
            flushTimer = connection.eventLoop().schedule(this::flush, current.outputBufferTimeoutMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * The size of a buffer for the frames waiting to be written, the first of {@code frameBytes}: frames
     * share buffers of up to {@link #FRAME_BATCH_BYTES}, so that a burst of deliveries costs one
     * allocation and one pipeline write per batch rather than per message (they were a sixth of the event
     * loops' time while bench_reader drained a channel), and a single delivery no more than its size.
     */
    private int batchBytes(int frameBytes) {
        long waiting = (long) frameBytes * (outbound.size() + 1);
        return (int) Math.max(frameBytes, Math.min(FRAME_BATCH_BYTES, waiting));
    }

    private boolean wantsMore() {
        return state == STATE_SUBSCRIBED && counters.inFlightCount() < readyCount;
    }

    void flush() {
        if (flushTimer != null) {
            flushTimer.cancel(false);
            flushTimer = null;
        }
        if (unflushedBytes > 0) {
            unflushedBytes = 0;
            connection.flush();
        }
    }

    /** The connection is gone: stop timers and leave the channel (in-flight messages time out). */
    void disconnected() {
        if (heartbeat != null) {
            heartbeat.cancel(false);
        }
        if (flushTimer != null) {
            flushTimer.cancel(false);
        }
        Channel channel = subscription;
        if (channel != null) {
            channel.removeConsumer(this);
        }
    }

    // ---- Consumer ------------------------------------------------------------------------------

    @Override
    public long clientId() {
        return clientId;
    }

    @Override
    public long readyCount() {
        return readyCount;
    }

    @Override
    public boolean writable() {
        return connection.isWritable();
    }

    @Override
    public int sampleRate() {
        return settings.sampleRate();
    }

    @Override
    public long msgTimeoutNanos() {
        return TimeUnit.MILLISECONDS.toNanos(settings.msgTimeoutMillis());
    }

    @Override
    public ConsumerCounters counters() {
        return counters;
    }

    @Override
    public void channelDeleted() {
        connection.close();
    }

    // ---- ClientView ----------------------------------------------------------------------------

    @Override
    public String clientName() {
        return clientName;
    }

    @Override
    public String hostname() {
        return hostname;
    }

    @Override
    public String version() {
        return "V2";
    }

    @Override
    public String remoteAddress() {
        return remoteAddress;
    }

    @Override
    public int state() {
        return state;
    }

    @Override
    public long connectTimeSeconds() {
        return connectTimeSeconds;
    }

    @Override
    public boolean deflate() {
        return deflate;
    }

    @Override
    public boolean snappy() {
        return snappy;
    }

    @Override
    public String userAgent() {
        return userAgent;
    }

    @Override
    public String topologyZone() {
        return topologyZone;
    }

    @Override
    public String topologyRegion() {
        return topologyRegion;
    }

    @Override
    public boolean tls() {
        return tlsSession != null;
    }

    @Override
    public String tlsCipherSuite() {
        SSLSession session = tlsSession;
        return session == null ? "" : session.getCipherSuite();
    }

    /** nsqd's spelling: {@code TLS1.2}, {@code TLS1.3}. */
    @Override
    public String tlsVersion() {
        SSLSession session = tlsSession;
        if (session == null) {
            return "";
        }
        String jdkName = session.getProtocol();
        return "TLSv1".equals(jdkName) ? "TLS1.0" : jdkName.replace("TLSv", "TLS");
    }

    @Override
    public String tlsNegotiatedProtocol() {
        return "";
    }

    @Override
    public boolean tlsNegotiatedProtocolIsMutual() {
        return false;
    }

    @Override
    public boolean authed() {
        AuthState state = authState;
        return state != null && state.hasAuthorizations();
    }

    @Override
    public String authIdentity() {
        AuthState state = authState;
        return state == null ? "" : state.identity();
    }

    @Override
    public String authIdentityUrl() {
        AuthState state = authState;
        return state == null ? "" : state.identityUrl();
    }

    @Override
    public Map<String, Long> publishCounts() {
        synchronized (publishCounts) {
            return Collections.unmodifiableMap(new LinkedHashMap<>(publishCounts));
        }
    }
}
