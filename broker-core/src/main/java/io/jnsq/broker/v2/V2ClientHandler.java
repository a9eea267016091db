package io.jnsq.broker.v2;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jnsq.broker.GoStyleJson;
import io.jnsq.broker.Broker;
import io.jnsq.broker.BrokerException;
import io.jnsq.broker.Channel;
import io.jnsq.broker.Names;
import io.jnsq.broker.config.BrokerConfig;
import io.jnsq.broker.config.ClientConfig;
import io.jnsq.broker.Stored;
import io.jnsq.broker.Topic;
import io.jnsq.broker.auth.AuthState;
import io.jnsq.protocol.error.ErrorCode;
import io.jnsq.protocol.error.ProtocolException;
import io.jnsq.protocol.frame.Frames;
import io.jnsq.protocol.message.MessageId;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Executes decoded V2 commands against the broker, in order, on the connection's event loop. Refusals
 * become error frames; fatal ones close the connection after the frame is written.
 */
final class V2ClientHandler extends ChannelInboundHandlerAdapter implements ConnectionGate {

    private static final Logger log = LoggerFactory.getLogger(V2ClientHandler.class);

    static final ObjectMapper JSON = GoStyleJson.MAPPER;

    private final Broker broker;
    private final V2Client client;
    private final StreamUpgrader upgrader;
    private final ConnectionAuth auth;
    private final ConnectionLog commandLog;
    private boolean closing;

    /**
     * FINs decoded but not yet applied: applied together before any other command runs and when the read
     * is over (see {@link Channel#finishAll}), so replies keep their order. Bounded: a full batch is applied.
     */
    private final long[] pendingFins = new long[FIN_BATCH];
    private int pendingFinCount;
    private static final int FIN_BATCH = 256;

    private ReadGate reads;

    /** Armed while the connection is unwritable: nsqd's write deadline, one heartbeat interval. */
    private io.netty.util.concurrent.ScheduledFuture<?> writeDeadline;
    private long pendingAtDeadlineStart;

    V2ClientHandler(Broker broker, V2Client client, StreamUpgrader upgrader, ConnectionAuth auth) {
        this.broker = broker;
        this.client = client;
        this.upgrader = upgrader;
        this.auth = auth;
        this.commandLog = new ConnectionLog(log, "[" + client.remoteAddress() + "]");
    }

    // ---- ConnectionGate: what the decoder checks before a body --------------------------------

    @Override
    public int state() {
        return client.stateValue();
    }

    @Override
    public boolean tlsPending() {
        return client.tlsPending();
    }

    @Override
    public void checkMpubAuthorization(String topic) throws ProtocolException {
        auth.checkMpubBeforeBody(topic);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        reads = new ReadGate(ctx.channel());
        broker.addClient(client);
        client.scheduleHeartbeats();
        log.info("{}: new client(V2)", client.remoteAddress());
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancelWriteDeadline();
        commandLog.close();
        log.info("PROTOCOL(V2): [{}] exiting ioloop", client.remoteAddress());
        client.disconnected();
        broker.removeClient(client);
        ctx.fireChannelInactive();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            cancelWriteDeadline();
            if (!closing) {
                reads.release(ReadGate.BACKPRESSURE);
            }
            Channel channel = client.subscription();
            if (channel != null) {
                channel.consumerReady();
            }
        } else {
            // what is read now could only be answered into a buffer the client is not emptying
            reads.hold(ReadGate.BACKPRESSURE);
            armWriteDeadline(ctx);
        }
        ctx.fireChannelWritabilityChanged();
    }

    // ---- the read gate and the write deadline ----------------------------------------------------

    /**
     * nsqd gives every write one heartbeat interval to complete, then drops the client (no deadline with
     * heartbeats disabled). Here: still unwritable a heartbeat interval later, with nothing taken from
     * the outbound buffer meanwhile, is the same client not reading.
     */
    private void armWriteDeadline(ChannelHandlerContext ctx) {
        long millis = client.settings().heartbeatMillis();
        if (millis <= 0 || writeDeadline != null) {
            return;
        }
        pendingAtDeadlineStart = ctx.channel().bytesBeforeWritable();
        writeDeadline = ctx.executor().schedule(() -> {
            writeDeadline = null;
            if (ctx.channel().isWritable() || !ctx.channel().isActive()) {
                return;
            }
            long pending = ctx.channel().bytesBeforeWritable();
            if (pending < pendingAtDeadlineStart) {
                armWriteDeadline(ctx); // slow, but reading: a fresh deadline, as nsqd's next write gets
                return;
            }
            log.info("PROTOCOL(V2): [{}] write deadline ({} ms) passed with the client not reading, closing",
                    client.remoteAddress(), millis);
            closing = true;
            ctx.close();
        }, millis, TimeUnit.MILLISECONDS);
    }

    private void cancelWriteDeadline() {
        if (writeDeadline != null) {
            writeDeadline.cancel(false);
            writeDeadline = null;
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof IdleStateEvent && reads.heldFor(ReadGate.AUTH | ReadGate.BACKPRESSURE | ReadGate.STORAGE)) {
            // we stopped reading, not the client sending: the auth query's timeouts, the disk or the write deadline decide
            return;
        }
        if (event instanceof IdleStateEvent) {
            log.info("PROTOCOL(V2): [{}] no command within two heartbeat intervals, closing", client.remoteAddress());
            ctx.close();
            return;
        }
        ctx.fireUserEventTriggered(event);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // a decoder may fail again on its leftovers as the connection closes: one line per connection
        if (!closing) {
            closing = true;
            log.error("PROTOCOL(V2): [{}] closing after error - {}", client.remoteAddress(), cause.toString());
        }
        ctx.close();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (closing || !ctx.channel().isActive()) {
            return; // decoded before the connection ended: nobody is left to answer
        }
        try {
            execute(ctx, (Command) msg);
        } catch (ProtocolException refused) {
            refuse(ctx, refused);
        }
    }

    private void refuse(ChannelHandlerContext ctx, ProtocolException refused) {
        commandLog.info("PROTOCOL(V2): [{}] {}", client.remoteAddress(), refused.wireText());
        client.respond(Frames.error(ctx.alloc(), refused));
        if (refused.fatal()) {
            closing = true;
            ctx.writeAndFlush(io.netty.buffer.Unpooled.EMPTY_BUFFER)
                    .addListener(written -> LingeringClose.after(ctx.channel()));
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        finishPending(ctx);
        ctx.fireChannelReadComplete();
    }

    private void execute(ChannelHandlerContext ctx, Command command) throws ProtocolException {
        if (command instanceof Command.Fin fin) {
            requireSubscribedOrClosing("FIN");
            pendingFins[pendingFinCount++] = fin.id();
            if (pendingFinCount == FIN_BATCH) {
                finishPending(ctx);
            }
            return;
        }
        finishPending(ctx);
        if (command instanceof Command.Line line) {
            executeLine(ctx, line);
        } else if (command instanceof Command.Pub pub) {
            whenAllowed(ctx, "PUB", pub.topic(), "",
                    () -> publish(ctx, pub.topic(), List.of(pub.body()), 0, ErrorCode.E_PUB_FAILED, "PUB"));
        } else if (command instanceof Command.Dpub dpub) {
            whenAllowed(ctx, "DPUB", dpub.topic(), "", () -> publish(ctx, dpub.topic(), List.of(dpub.body()),
                    TimeUnit.MILLISECONDS.toNanos(dpub.deferMillis()), ErrorCode.E_DPUB_FAILED, "DPUB"));
        } else if (command instanceof Command.Mpub mpub) {
            whenAllowed(ctx, "MPUB", mpub.topic(), "",
                    () -> publish(ctx, mpub.topic(), mpub.bodies(), 0, ErrorCode.E_MPUB_FAILED, "MPUB"));
        } else if (command instanceof Command.Identify identify) {
            identify(ctx, identify.body());
        } else if (command instanceof Command.Auth authCommand) {
            authenticate(ctx, authCommand.body());
        } else if (command instanceof Command.Invalid invalid) {
            if (invalid.topicToCreate() != null) {
                createTopicQuietly(invalid.topicToCreate());
            }
            throw invalid.error();
        }
    }

    private void executeLine(ChannelHandlerContext ctx, Command.Line line) throws ProtocolException {
        List<String> params = line.params();
        switch (line.name()) {
            case "NOP" -> {
            }
            case "RDY" -> ready(params);
            case "FIN" -> finish(params);
            case "REQ" -> requeue(params);
            case "TOUCH" -> touch(params);
            case "SUB" -> subscribe(ctx, params);
            case "CLS" -> {
                if (client.stateValue() != V2Client.STATE_SUBSCRIBED) {
                    throw V2Errors.wrongState("CLS");
                }
                client.startClosing();
                client.respond(Frames.closeWait());
            }
            default -> throw V2Errors.invalidCommand(line.name());
        }
    }

    // ---- publishing ----------------------------------------------------------------------------

    /**
     * Publishes, and answers {@code OK} once every destination holds the messages (written, and synced in
     * durable mode) and a new topic is in {@code nsqd.dat}: at once when they went to memory; otherwise
     * the connection reads nothing more until then, while its event loop serves the others.
     */
    private void publish(ChannelHandlerContext ctx, String topicName, List<byte[]> bodies, long deferNanos,
                         ErrorCode failure, String name) throws ProtocolException {
        CompletableFuture<Void> stored;
        try {
            Topic topic = broker.topic(topicName);
            if (bodies.size() == 1) {
                stored = topic.put(topic.newMessage(bodies.get(0)).deferFor(deferNanos));
            } else {
                stored = topic.putAll(topic.newMessages(bodies));
            }
        } catch (BrokerException e) {
            throw V2Errors.publishFailed(failure, name, e.getMessage());
        }
        Step answer = () -> {
            client.published(topicName, bodies.size());
            client.respond(Frames.ok());
        };
        CompletableFuture<Void> done = Stored.both(stored, broker.metadataWritten());
        if (Stored.isDone(done)) {
            answer.run();
        } else {
            afterFuture(ctx, ReadGate.STORAGE, done, ignored -> answer.run(),
                    cause -> V2Errors.publishFailed(failure, name, cause.getMessage()));
        }
    }

    private void createTopicQuietly(String topicName) {
        try {
            broker.topic(topicName);
        } catch (BrokerException exiting) {
            // the broker is shutting down; the error being sent says enough
        }
    }

    // ---- subscribing ---------------------------------------------------------------------------

    private void subscribe(ChannelHandlerContext ctx, List<String> params) throws ProtocolException {
        if (client.stateValue() != V2Client.STATE_INIT) {
            throw V2Errors.wrongState("SUB");
        }
        if (!client.settings().heartbeatsEnabled()) {
            throw V2Errors.subWithoutHeartbeats();
        }
        if (params.size() < 3) {
            throw V2Errors.insufficientParameters("SUB");
        }
        String topicName = params.get(1);
        String channelName = params.get(2);
        if (!Names.isValid(topicName)) {
            throw V2Errors.badTopic("SUB", topicName);
        }
        if (!Names.isValid(channelName)) {
            throw V2Errors.badChannel("SUB", channelName);
        }
        whenAllowed(ctx, "SUB", topicName, channelName, () -> {
            client.subscribe(join(topicName, channelName));
            CompletableFuture<Void> recorded = broker.metadataWritten();
            if (Stored.isDone(recorded)) {
                client.respond(Frames.ok());
            } else {
                afterFuture(ctx, ReadGate.STORAGE, recorded, ignored -> client.respond(Frames.ok()),
                        cause -> V2Errors.subFailed(cause.getMessage()));
            }
        });
    }

    /**
     * Joins the channel. An ephemeral topic or channel can be deleted between being found and being
     * joined; then a fresh one is made once more, as nsqd retries.
     */
    private Channel join(String topicName, String channelName) throws ProtocolException {
        for (int attempt = 0; attempt < 2; attempt++) {
            try {
                Channel channel = broker.topic(topicName).channel(channelName);
                channel.addConsumer(client);
                return channel;
            } catch (BrokerException e) {
                if (!"exiting".equals(e.getMessage()) || broker.closed()) {
                    throw V2Errors.subFailed(e.getMessage());
                }
            }
        }
        throw V2Errors.subFailed("to deleted topic/channel");
    }

    // ---- flow control and message acknowledgement ----------------------------------------------

    private void ready(List<String> params) throws ProtocolException {
        int state = client.stateValue();
        if (state == V2Client.STATE_CLOSING) {
            return; // nsqd ignores RDY from a closing client
        }
        if (state != V2Client.STATE_SUBSCRIBED) {
            throw V2Errors.wrongState("RDY");
        }
        long count = 1;
        if (params.size() > 1) {
            String raw = params.get(1);
            if (!Base10.isDigits(raw)) {
                throw V2Errors.unparsableRdy(raw);
            }
            count = Base10.parse(raw);
        }
        long max = broker.config().clients().maxRdyCount();
        if (count < 0 || count > max) {
            throw V2Errors.rdyOutOfRange(count, max);
        }
        client.setReadyCount(count);
        client.subscription().consumerReady();
    }

    /** A FIN the decoder could not take on its fast path (an id spelled otherwise): applied at once. */
    private void finish(List<String> params) throws ProtocolException {
        String id = messageIdParam("FIN", params, 2);
        try {
            client.subscription().finish(client, MessageId.parse(id));
        } catch (BrokerException e) {
            throw V2Errors.messageOperationFailed(ErrorCode.E_FIN_FAILED, "FIN", id, e.getMessage());
        }
    }

    /** Applies the FINs decoded so far; each one refused is answered {@code E_FIN_FAILED} in its turn. */
    private void finishPending(ChannelHandlerContext ctx) {
        if (pendingFinCount == 0) {
            return;
        }
        int count = pendingFinCount;
        pendingFinCount = 0;
        if (closing || !ctx.channel().isActive()) {
            return; // as for any command decoded before the connection ended
        }
        for (Channel.RefusedFinish refused : client.subscription().finishAll(client, pendingFins, count)) {
            refuse(ctx, V2Errors.messageOperationFailed(ErrorCode.E_FIN_FAILED, "FIN",
                    MessageId.toString(refused.id()), refused.reason()));
        }
    }

    private void requeue(List<String> params) throws ProtocolException {
        String id = messageIdParam("REQ", params, 3);
        String raw = params.get(2);
        if (!Base10.isDigits(raw)) {
            throw V2Errors.unparsableTimeout("REQ", raw);
        }
        long millis = Base10.parse(raw);
        long maxMillis = broker.config().messages().maxReqTimeout().toMillis();
        long clamped = millis < 0 ? 0 : Math.min(millis, maxMillis);
        if (clamped != millis) {
            commandLog.info("PROTOCOL(V2): [{}] REQ timeout {} out of range 0-{}, clamped to {}",
                    client.remoteAddress(), millis, maxMillis, clamped);
        }
        try {
            client.subscription().requeue(client, MessageId.parse(id), TimeUnit.MILLISECONDS.toNanos(clamped));
        } catch (BrokerException e) {
            throw V2Errors.messageOperationFailed(ErrorCode.E_REQ_FAILED, "REQ", id, e.getMessage());
        }
    }

    private void touch(List<String> params) throws ProtocolException {
        String id = messageIdParam("TOUCH", params, 2);
        try {
            client.subscription().touch(client, MessageId.parse(id));
        } catch (BrokerException e) {
            throw V2Errors.messageOperationFailed(ErrorCode.E_TOUCH_FAILED, "TOUCH", id, e.getMessage());
        }
    }

    /** The checks FIN, REQ and TOUCH share, in nsqd's order: state, parameter count, id length. */
    private String messageIdParam(String name, List<String> params, int required) throws ProtocolException {
        requireSubscribedOrClosing(name);
        if (params.size() < required) {
            throw V2Errors.insufficientParams(name);
        }
        String id = params.get(1);
        if (id.length() != MessageId.LENGTH) {
            throw V2Errors.invalidMessageId();
        }
        return id;
    }

    private void requireSubscribedOrClosing(String name) throws ProtocolException {
        int state = client.stateValue();
        if (state != V2Client.STATE_SUBSCRIBED && state != V2Client.STATE_CLOSING) {
            throw V2Errors.wrongState(name);
        }
    }

    // ---- AUTH ----------------------------------------------------------------------------------

    /** A step that may refuse the command it belongs to. */
    @FunctionalInterface
    private interface Step {
        void run() throws ProtocolException;
    }

    private void authenticate(ChannelHandlerContext ctx, byte[] secret) throws ProtocolException {
        afterAuthServer(ctx, auth.authenticate(secret), grant -> {
            client.authorized(grant);
            if (!grant.hasAuthorizations()) {
                throw V2Errors.noAuthorizations();
            }
            Map<String, Object> reply = new LinkedHashMap<>();
            reply.put("identity", grant.identity());
            reply.put("identity_url", grant.identityUrl());
            reply.put("permission_count", grant.permissionCount());
            try {
                client.respond(Frames.response(ctx.alloc(), JSON.writeValueAsBytes(reply)));
            } catch (JacksonException e) {
                throw V2Errors.authError(e.getMessage());
            }
        });
    }

    /** Runs {@code step} once AUTH allows {@code command}: at once, or after the grant is renewed. */
    private void whenAllowed(ChannelHandlerContext ctx, String command, String topic, String channel, Step step)
            throws ProtocolException {
        CompletableFuture<AuthState> renewal = auth.check(command, topic, channel);
        if (renewal == null) {
            step.run();
            return;
        }
        afterAuthServer(ctx, renewal, renewed -> {
            auth.checkRenewed(renewed, command, topic, channel);
            step.run();
        });
    }

    @FunctionalInterface
    private interface ResultStep<T> {
        void run(T result) throws ProtocolException;
    }

    @FunctionalInterface
    private interface FailureReply {
        ProtocolException refusal(Exception cause);
    }

    /** Continues on the event loop once the auth server has answered (see {@link #afterFuture}). */
    private void afterAuthServer(ChannelHandlerContext ctx, CompletableFuture<AuthState> query, ResultStep<AuthState> next) {
        afterFuture(ctx, ReadGate.AUTH, query, next, cause -> {
            commandLog.warn("PROTOCOL(V2): [{}] AUTH failed {}", client.remoteAddress(), cause.getMessage());
            return V2Errors.authFailed();
        });
    }

    /**
     * Continues on the event loop once {@code work} (an auth query, a disk write) is done. Until then
     * nothing more is decoded (commands keep their order, replies too) and nothing more is read (a client
     * cannot pile up input meanwhile; for a disk write, reading stops at the first bytes that arrive);
     * the event loop itself never waits.
     */
    private <T> void afterFuture(ChannelHandlerContext ctx, int readHold, CompletableFuture<T> work, ResultStep<T> next,
                                 FailureReply onFailure) {
        CommandDecoder decoder = (CommandDecoder) ctx.pipeline().get(V2HandlerNames.COMMAND_DECODER);
        if (readHold == ReadGate.STORAGE) {
            // a disk write takes a millisecond or so: stop reading only if the client sends more meanwhile
            decoder.pauseUntilInput(() -> reads.hold(readHold));
        } else {
            decoder.pause();
            reads.hold(readHold);
        }
        work.whenComplete((result, failure) -> ctx.executor().execute(() -> {
            if (closing || !ctx.channel().isActive()) {
                return;
            }
            try {
                if (failure != null) {
                    throw onFailure.refusal(Stored.cause(failure));
                }
                next.run(result);
            } catch (ProtocolException refused) {
                refuse(ctx, refused);
            }
            if (!closing) {
                reads.release(readHold);
                decoder.resume();
            }
        }));
    }

    // ---- IDENTIFY ------------------------------------------------------------------------------

    private void identify(ChannelHandlerContext ctx, byte[] body) throws ProtocolException {
        IdentifyRequest request;
        try {
            request = JSON.readValue(GoStyleJson.text(body), IdentifyRequest.class);
        } catch (java.io.IOException e) {
            throw V2Errors.identifyUndecodable();
        }
        if (request == null) {
            request = IdentifyRequest.EMPTY; // a JSON null changes nothing, as in Go
        }
        client.identifyNames(request);
        BrokerConfig config = broker.config();
        ClientSettings negotiated;
        try {
            negotiated = client.settings().identify(request, config);
        } catch (IllegalArgumentException invalid) {
            throw V2Errors.identifyInvalid(invalid.getMessage());
        }
        long previousHeartbeat = client.settings().heartbeatMillis();
        client.identify(request, negotiated);
        if (negotiated.heartbeatMillis() != previousHeartbeat) {
            // heartbeats first: the one due with the deadline must go out before the deadline closes us
            client.scheduleHeartbeats();
            rearmReadTimeout(ctx, negotiated.heartbeatMillis());
        }
        if (!IdentifyRequest.isTrue(request.featureNegotiation())) {
            client.respond(Frames.ok());
            return;
        }
        NegotiatedUpgrades upgrades = NegotiatedUpgrades.negotiate(request, config.clients(), upgrader.tlsAvailable());
        client.respond(Frames.response(ctx.alloc(), identifyResponse(negotiated, upgrades, auth.enabled(), config)));
        if (upgrades.any()) {
            upgrader.upgrade(ctx.pipeline(), (CommandDecoder) ctx.pipeline().get(V2HandlerNames.COMMAND_DECODER), upgrades);
        }
    }

    private static byte[] identifyResponse(ClientSettings settings, NegotiatedUpgrades upgrades, boolean authRequired,
                                           BrokerConfig config)
            throws ProtocolException {
        ClientConfig clients = config.clients();
        IdentifyResponse response = new IdentifyResponse(clients.maxRdyCount(), V2Protocol.VERSION,
                config.messages().maxMsgTimeout().toMillis(), settings.msgTimeoutMillis(), upgrades.tls(), upgrades.deflate(),
                upgrades.deflateLevel(), clients.maxDeflateLevel(), upgrades.snappy(), settings.sampleRate(),
                authRequired, settings.outputBufferSize(), settings.outputBufferTimeoutMillis(),
                clients.topologyRegion(), clients.topologyZone());
        try {
            return JSON.writeValueAsBytes(response);
        } catch (JacksonException e) {
            throw new ProtocolException(ErrorCode.E_IDENTIFY_FAILED, "IDENTIFY failed " + e.getMessage(), e);
        }
    }

    /** Reads must arrive within two heartbeat intervals; with heartbeats disabled there is no deadline. */
    static void rearmReadTimeout(ChannelHandlerContext ctx, long heartbeatMillis) {
        if (ctx.pipeline().get(V2HandlerNames.READ_TIMEOUT) != null) {
            ctx.pipeline().remove(V2HandlerNames.READ_TIMEOUT);
        }
        if (heartbeatMillis > 0) {
            ctx.pipeline().addBefore(V2HandlerNames.COMMAND_DECODER, V2HandlerNames.READ_TIMEOUT,
                    new IdleStateHandler(2 * heartbeatMillis, 0, 0, TimeUnit.MILLISECONDS));
        }
    }
}
