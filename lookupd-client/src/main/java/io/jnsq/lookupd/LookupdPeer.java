package io.jnsq.lookupd;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One connection to one nsqlookupd, kept up for as long as the address is configured: {@code "  V1"},
 * IDENTIFY, a full re-announcement of every registration, then each change as it happens and a PING
 * every interval. Commands go one at a time, each waiting for its answer; a connection that fails, times
 * out or answers nonsense is closed, and a new one is made after a doubling delay.
 *
 * <p>Everything mutable is confined to the peer's event loop: callers only queue tasks on it. While not
 * connected, changes are not queued: the re-announcement after the next IDENTIFY covers them (lookupd
 * forgets a node's registrations when its connection closes). The log says each change of state once
 * (connected, lost, unreachable, refused), however many attempts a lookupd that stays down costs.
 */
final class LookupdPeer {

    private static final Logger log = LoggerFactory.getLogger(LookupdPeer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] MAGIC_V1 = "  V1".getBytes(StandardCharsets.US_ASCII);
    /**
     * Changes waiting behind a slow lookupd, beyond the re-announcement in progress; past this the
     * connection is rebuilt, which re-announces everything.
     */
    private static final int MAX_PENDING_CHANGES = 10_000;
    /** How much of an unexpected answer a log line quotes. */
    private static final int QUOTED_BYTES = 64;
    private static final java.util.regex.Pattern SLASHED_ADDRESS = java.util.regex.Pattern.compile("(^|[\\s:(])/(?=[0-9\\[])");

    private enum State { DISCONNECTED, CONNECTING, IDENTIFYING, READY, CLOSED }

    /** What the log last said about this peer. */
    private enum Reported { NOTHING, CONNECTED, LOST, UNREACHABLE, REFUSED }

    private final LookupdAddress address;
    private final LookupdClientConfig config;
    private final EventLoop loop;
    private final Executor resolver;
    private final Supplier<List<Registration>> registrations;
    private final LookupdCommand identify;
    private final Bootstrap bootstrap;
    private final ReconnectBackoff backoff;

    // confined to the event loop
    private State state = State.DISCONNECTED;
    private Channel channel;
    private String closeReason;
    private final ArrayDeque<LookupdCommand> pending = new ArrayDeque<>();
    private int pendingLimit;
    private LookupdCommand inFlight;
    private ScheduledFuture<?> answerDeadline;
    private ScheduledFuture<?> pings;
    private ScheduledFuture<?> reconnect;
    private Reported reported = Reported.NOTHING;

    private volatile LookupdInfo info;

    /**
     * @param resolver      where the host name is looked up (DNS may wait; the loop must not)
     * @param registrations every current registration, read after each IDENTIFY
     */
    LookupdPeer(LookupdAddress address, LookupdClientConfig config, EventLoop loop, Executor resolver,
                Supplier<List<Registration>> registrations) {
        this.address = address;
        this.config = config;
        this.loop = loop;
        this.resolver = resolver;
        this.registrations = registrations;
        this.identify = LookupdCommand.identify(identifyBody(config));
        this.backoff = new ReconnectBackoff(config.reconnectMinDelay(), config.reconnectMaxDelay());
        // nsqd rejects a response larger than --max-body-size; the frame length counts the 4-byte size too
        int maxFrame = (int) Math.min(Integer.MAX_VALUE, config.maxResponseSize() + 4);
        this.bootstrap = new Bootstrap()
                .group(loop)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) config.dialTimeout().toMillis())
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new LengthFieldBasedFrameDecoder(maxFrame, 0, 4, 0, 4, true), new ResponseHandler());
                    }
                });
    }

    /** nsqd's IDENTIFY body: its keys sorted, as Go's JSON encoder writes a map. */
    private static byte[] identifyBody(LookupdClientConfig config) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("broadcast_address", config.broadcastAddress());
        body.put("hostname", config.hostname());
        body.put("http_port", config.broadcastHttpPort());
        body.put("tcp_port", config.broadcastTcpPort());
        body.put("version", config.version());
        try {
            return JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode IDENTIFY", e);
        }
    }

    String address() {
        return address.text();
    }

    /** What the lookupd said about itself at the last IDENTIFY; {@code null} before the first one. */
    LookupdInfo info() {
        return info;
    }

    void start() {
        execute(this::connect);
    }

    /** Queues a REGISTER or UNREGISTER; dropped while not connected (the next re-announcement covers it). */
    void send(LookupdCommand command) {
        execute(() -> enqueue(command));
    }

    /**
     * Closes the connection for good; lookupd then forgets this node's registrations.
     *
     * @return completes once the connection is closed
     */
    CompletableFuture<Void> close() {
        CompletableFuture<Void> closed = new CompletableFuture<>();
        try {
            loop.execute(() -> shutdown(closed));
        } catch (RejectedExecutionException alreadyStopped) {
            closed.complete(null);
        }
        return closed;
    }

    private void execute(Runnable task) {
        try {
            loop.execute(task);
        } catch (RejectedExecutionException closing) {
            // the client is shutting its loop down: the connection goes with it
        }
    }

    // ---- connecting ----------------------------------------------------------------------------

    private void connect() {
        if (state != State.DISCONNECTED) {
            return;
        }
        state = State.CONNECTING;
        log.debug("LOOKUP connecting to {}", address);
        try {
            CompletableFuture.supplyAsync(address::resolve, resolver)
                    .whenComplete((resolved, failure) -> execute(() -> dial(resolved, failure)));
        } catch (RejectedExecutionException closing) {
            state = State.CLOSED;
        }
    }

    private void dial(InetSocketAddress resolved, Throwable failure) {
        if (state != State.CONNECTING) {
            return;
        }
        if (failure != null || resolved.isUnresolved()) {
            connectFailed(failure != null ? describe(failure) : "no such host " + address.host());
            return;
        }
        bootstrap.connect(resolved).addListener((ChannelFuture future) -> connected(future));
    }

    private void connected(ChannelFuture future) {
        if (!future.isSuccess()) {
            if (state == State.CONNECTING) {
                connectFailed(describe(future.cause()));
            }
            return;
        }
        Channel ch = future.channel();
        if (state != State.CONNECTING) {
            ch.close();
            return;
        }
        channel = ch;
        ch.closeFuture().addListener(closed -> disconnected(ch));
        state = State.IDENTIFYING;
        ch.write(Unpooled.wrappedBuffer(MAGIC_V1));
        transmit(identify);
    }

    private void connectFailed(String reason) {
        state = State.DISCONNECTED;
        report(Reported.UNREACHABLE, Level.WARN, "LOOKUPD({}): cannot connect - {}; retrying with backoff", reason);
        scheduleReconnect();
    }

    private void scheduleReconnect() {
        reconnect = loop.schedule(this::connect, backoff.nextNanos(), TimeUnit.NANOSECONDS);
    }

    // ---- commands ------------------------------------------------------------------------------

    private void enqueue(LookupdCommand command) {
        if (state != State.READY) {
            return;
        }
        if (pending.size() >= pendingLimit) {
            drop(channel, pending.size() + " commands waiting for answers");
            return;
        }
        pending.add(command);
        sendNext();
    }

    private void sendNext() {
        if (state != State.READY || inFlight != null) {
            return;
        }
        LookupdCommand next = pending.poll();
        if (next == null) {
            return;
        }
        if (next.isPing()) {
            log.debug("LOOKUPD({}): sending heartbeat", address);
        } else {
            log.info("LOOKUPD({}): {}", address, next);
        }
        transmit(next);
    }

    private void transmit(LookupdCommand command) {
        Channel ch = channel;
        inFlight = command;
        ch.writeAndFlush(command.encode(ch.alloc())).addListener(written -> {
            if (!written.isSuccess()) {
                drop(ch, command + " - " + describe(written.cause()));
            }
        });
        long timeout = config.ioTimeout().toNanos();
        answerDeadline = loop.schedule(() -> drop(ch, command + " - no answer within " + config.ioTimeout().toMillis() + "ms"),
                timeout, TimeUnit.NANOSECONDS);
    }

    private void answered(Channel ch, byte[] answer) {
        if (ch != channel) {
            return;
        }
        LookupdCommand command = inFlight;
        if (command == null) {
            drop(ch, "unexpected response " + quote(answer));
            return;
        }
        inFlight = null;
        answerDeadline.cancel(false);
        if (state == State.IDENTIFYING) {
            identified(ch, answer);
            return;
        }
        if (!"OK".equals(new String(answer, StandardCharsets.US_ASCII))) {
            log.warn("LOOKUPD({}): {} - {}", address, command, quote(answer));
        }
        sendNext();
    }

    /** A JSON reply makes the connection usable; {@code E_INVALID} or anything unparsable ends it, as in nsqd. */
    private void identified(Channel ch, byte[] answer) {
        LookupdInfo parsed;
        try {
            parsed = "E_INVALID".equals(new String(answer, StandardCharsets.US_ASCII)) ? null : JSON.readValue(answer, LookupdInfo.class);
        } catch (IOException e) {
            parsed = null;
        }
        if (parsed == null) {
            drop(ch, "IDENTIFY - lookupd returned " + quote(answer));
            return;
        }
        info = parsed;
        backoff.reset();
        state = State.READY;
        report(Reported.CONNECTED, Level.INFO, "LOOKUPD({}): peer info {}", parsed);
        if (parsed.broadcastAddress() == null || parsed.broadcastAddress().isEmpty()) {
            log.error("LOOKUPD({}): no broadcast address", address);
        }
        List<Registration> current;
        try {
            current = Registration.announcements(registrations.get());
        } catch (RuntimeException e) {
            log.error("LOOKUPD({}): cannot list registrations - {}", address, e.toString());
            drop(ch, "no registrations to announce");
            return;
        }
        current.forEach(registration -> pending.add(LookupdCommand.register(registration)));
        pendingLimit = current.size() + MAX_PENDING_CHANGES;
        long interval = config.pingInterval().toNanos();
        pings = loop.scheduleAtFixedRate(() -> enqueue(LookupdCommand.PING), interval, interval, TimeUnit.NANOSECONDS);
        sendNext();
    }

    // ---- disconnecting -------------------------------------------------------------------------

    /** Closes the connection; {@link #disconnected} then logs the reason once and plans the reconnect. */
    private void drop(Channel ch, String reason) {
        if (ch != channel || ch == null) {
            return;
        }
        if (closeReason == null) {
            closeReason = reason;
        }
        ch.close();
    }

    private void disconnected(Channel ch) {
        if (ch != channel) {
            return;
        }
        State was = state;
        String reason = closeReason != null ? closeReason : "connection closed by lookupd";
        channel = null;
        closeReason = null;
        forgetConnection();
        if (was == State.CLOSED) {
            return;
        }
        state = State.DISCONNECTED;
        if (was == State.READY) {
            report(Reported.LOST, Level.WARN, "LOOKUPD({}): connection lost - {}; reconnecting", reason);
        } else {
            report(Reported.REFUSED, Level.ERROR, "LOOKUPD({}): {}; retrying with backoff", reason);
        }
        scheduleReconnect();
    }

    private void forgetConnection() {
        pending.clear();
        inFlight = null;
        if (answerDeadline != null) {
            answerDeadline.cancel(false);
        }
        if (pings != null) {
            pings.cancel(false);
        }
    }

    private void shutdown(CompletableFuture<Void> closed) {
        state = State.CLOSED;
        if (reconnect != null) {
            reconnect.cancel(false);
        }
        forgetConnection();
        if (channel == null) {
            closed.complete(null);
        } else {
            channel.close().addListener(done -> closed.complete(null));
        }
    }

    /** Logs a change of state once: a lookupd that stays down or keeps refusing costs one line, not one per attempt. */
    private void report(Reported next, Level level, String format, Object detail) {
        if (reported == next) {
            log.debug(format, address, detail);
            return;
        }
        reported = next;
        log.atLevel(level).log(format, address, detail);
    }

    private static String describe(Throwable failure) {
        Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        String message = cause.getMessage();
        // Java prints socket addresses as "/127.0.0.1:4160"; nsqd's lines have no slash
        return message == null ? cause.getClass().getSimpleName() : SLASHED_ADDRESS.matcher(message).replaceAll("$1");
    }

    /** The start of an answer, printable whatever a lookupd sent. */
    private static String quote(byte[] answer) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < Math.min(answer.length, QUOTED_BYTES); i++) {
            int b = answer[i] & 0xff;
            text.append(b >= 0x20 && b < 0x7f ? (char) b : '.');
        }
        return answer.length > QUOTED_BYTES ? text + "… (" + answer.length + " bytes)" : text.toString();
    }

    @Override
    public String toString() {
        return address.text();
    }

    /** Each answer, as its bytes, to the peer on the loop; a decoder error (answer too large) closes the connection. */
    private final class ResponseHandler extends SimpleChannelInboundHandler<ByteBuf> {

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
            answered(ctx.channel(), ByteBufUtil.getBytes(frame));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            drop(ctx.channel(), describe(cause));
        }
    }
}
