package io.jnsq.broker.v2;

import io.jnsq.broker.Names;
import io.jnsq.broker.config.MessageConfig;
import io.jnsq.protocol.error.ProtocolException;
import io.jnsq.protocol.message.MessageId;
import io.jnsq.protocol.transport.SocketAddresses;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.function.Consumer;

/**
 * Reads V2 commands: a line, then for IDENTIFY, AUTH, PUB, DPUB and MPUB a length-prefixed body. Each
 * check nsqd makes before reading a body happens here, in nsqd's order, so a refused command gets the
 * same error nsqd would send; after a refusal the rest of the stream is discarded (the connection is
 * being closed). Bodies become byte arrays: the message body is the one copy a message costs.
 */
final class CommandDecoder extends ByteToMessageDecoder {

    private static final Logger log = LoggerFactory.getLogger(CommandDecoder.class);

    /** nsqd reads lines through a 16 KiB buffer; a longer line ends the connection without an error. */
    static final int MAX_LINE_LENGTH = 16 * 1024;

    private static final int FIN_PREFIX = 'F' << 24 | 'I' << 16 | 'N' << 8 | ' ';
    private static final int FIN_LINE_LENGTH = 4 + MessageId.LENGTH;

    /** Room for this many bodies at first; a real MPUB's list doubles a few times at most. */
    static final int MPUB_INITIAL_CAPACITY = 64;

    private enum Step { LINE, BODY_SIZE, BODY, MPUB_COUNT, MPUB_MESSAGE_SIZE, MPUB_MESSAGE, PAUSED, DISCARD }

    private final MessageConfig limits;
    private final ConnectionGate gate;
    private final Queue<Runnable> afterRead = new ArrayDeque<>();
    private ChannelHandlerContext context;
    private boolean reading;
    /** Told of the first bytes that arrive while paused (see pauseUntilInput); null otherwise. */
    private Runnable onInputWhilePaused;

    private Step step = Step.LINE;
    private String command;
    private String topic;
    private long deferMillis;
    private int bodySize;
    private int mpubCount;
    private long mpubBytes;
    private List<byte[]> mpubBodies;

    CommandDecoder(MessageConfig limits, ConnectionGate gate) {
        this.limits = limits;
        this.gate = gate;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        context = ctx;
    }

    /**
     * Runs the hand-offs queued while reading once this read is over: bytes fed back into the pipeline
     * from here re-enter this decoder, which is only safe outside its decode loop.
     */
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (step == Step.PAUSED && onInputWhilePaused != null && msg instanceof ByteBuf bytes && bytes.isReadable()) {
            Runnable firstInput = onInputWhilePaused;
            onInputWhilePaused = null;
            firstInput.run();
        }
        reading = true;
        try {
            super.channelRead(ctx, msg);
        } finally {
            reading = false;
            for (Runnable next; (next = afterRead.poll()) != null; ) {
                next.run();
            }
        }
    }

    /**
     * Decodes nothing after the command just emitted until {@link #resume()}: the command changes how the
     * following bytes must be read (an upgrade) or waits on something outside the event loop (AUTH).
     */
    void pause() {
        if (step == Step.LINE) {
            step = Step.PAUSED;
        }
    }

    /**
     * Pauses as {@link #pause()}, and runs {@code onInput} if bytes arrive before {@link #resume()}: the
     * caller stops reading only then. A client that waits for its reply (one command per round trip, as
     * nearly all do) costs no switching of reads off and on.
     */
    void pauseUntilInput(Runnable onInput) {
        pause();
        onInputWhilePaused = onInput;
    }

    /** Carries on from where {@link #pause()} stopped, with any bytes that arrived meanwhile. */
    void resume() {
        onInputWhilePaused = null;
        if (step != Step.PAUSED) {
            return;
        }
        step = Step.LINE;
        if (!reading && internalBuffer().isReadable()) {
            try {
                channelRead(context, Unpooled.EMPTY_BUFFER);
            } catch (Exception e) {
                context.fireExceptionCaught(e);
            }
        }
    }

    /**
     * Takes the bytes received but not yet decoded, and gives them to {@code destination} once the current
     * read is over: after an upgrade they belong to the new transport (TLS records, a compressed stream),
     * which must read them before anything that arrives later. {@code destination} owns the buffer.
     */
    void handOffUndecoded(Consumer<ByteBuf> destination) {
        ByteBuf undecoded = internalBuffer();
        if (!undecoded.isReadable()) {
            return;
        }
        ByteBuf taken = undecoded.readBytes(undecoded.readableBytes());
        if (reading) {
            afterRead.add(() -> destination.accept(taken));
        } else {
            destination.accept(taken);
        }
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        try {
            switch (step) {
                case LINE -> readLine(ctx, in, out);
                case BODY_SIZE -> readBodySize(in);
                case BODY -> readBody(in, out);
                case MPUB_COUNT -> readMpubCount(in);
                case MPUB_MESSAGE_SIZE, MPUB_MESSAGE -> readMpubMessages(in, out);
                case PAUSED -> {
                }
                case DISCARD -> in.skipBytes(in.readableBytes());
            }
        } catch (ProtocolException refused) {
            out.add(new Command.Invalid(refused, "MPUB".equals(command) && step != Step.LINE ? topic : null));
            step = Step.DISCARD;
            in.skipBytes(in.readableBytes());
        }
    }

    private void readLine(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws ProtocolException {
        int start = in.readerIndex();
        int newline = in.indexOf(start, in.writerIndex(), (byte) '\n');
        if (newline < 0 ? in.readableBytes() > MAX_LINE_LENGTH : newline - start > MAX_LINE_LENGTH) {
            log.info("client {}: command line longer than {} bytes, closing", SocketAddresses.format(ctx.channel().remoteAddress()),
                    MAX_LINE_LENGTH);
            step = Step.DISCARD;
            in.skipBytes(in.readableBytes());
            ctx.close();
            return;
        }
        if (newline < 0) {
            return;
        }
        int end = newline > start && in.getByte(newline - 1) == '\r' ? newline - 1 : newline;
        if (gate.tlsPending()) {
            refuseUntilTls(in, start, end);
        }
        if (readFinFast(in, start, end, out)) {
            in.readerIndex(newline + 1);
            return;
        }
        String line = in.toString(start, end - start, StandardCharsets.ISO_8859_1);
        in.readerIndex(newline + 1);
        List<String> params = split(line);
        command = params.get(0);
        switch (command) {
            case "IDENTIFY" -> expectBody(requireState("IDENTIFY"));
            case "AUTH" -> {
                requireState("AUTH");
                if (params.size() != 1) {
                    throw V2Errors.authParameters();
                }
                expectBody(true);
            }
            case "PUB" -> {
                topic = validTopic(params, 2, "PUB");
                expectBody(true);
            }
            case "DPUB" -> {
                topic = validTopic(params, 3, "DPUB");
                deferMillis = deferMillis(params.get(2));
                expectBody(true);
            }
            case "MPUB" -> {
                if (params.size() < 2) {
                    throw V2Errors.insufficientParameters("MPUB");
                }
                topic = params.get(1);
                if (!Names.isValid(topic)) {
                    throw V2Errors.badMpubTopic(topic);
                }
                gate.checkMpubAuthorization(topic);
                expectBody(true);
            }
            default -> out.add(new Command.Line(params));
        }
    }

    /** nsqd's TLS policy: IDENTIFY (which may upgrade) is the only command before TLS. */
    private static void refuseUntilTls(ByteBuf in, int start, int end) throws ProtocolException {
        int space = in.indexOf(start, end, (byte) ' ');
        String name = in.toString(start, (space < 0 ? end : space) - start, StandardCharsets.ISO_8859_1);
        if (!"IDENTIFY".equals(name)) {
            throw V2Errors.tlsRequired(name);
        }
    }

    /**
     * {@code FIN <16 lowercase hex>}, one per consumed message, decoded without a String or a parameter
     * list. Any other spelling takes the general path, which produces nsqd's errors.
     */
    private static boolean readFinFast(ByteBuf in, int start, int end, List<Object> out) {
        if (end - start != FIN_LINE_LENGTH || in.getInt(start) != FIN_PREFIX) {
            return false;
        }
        long id = MessageId.parse(in, start + 4);
        if (id == MessageId.INVALID) {
            return false;
        }
        out.add(new Command.Fin(id));
        return true;
    }

    private boolean requireState(String name) throws ProtocolException {
        if (gate.state() != V2Client.STATE_INIT) {
            throw V2Errors.wrongState(name);
        }
        return true;
    }

    private void expectBody(boolean expected) {
        if (expected) {
            step = Step.BODY_SIZE;
        }
    }

    private static String validTopic(List<String> params, int required, String name) throws ProtocolException {
        if (params.size() < required) {
            throw V2Errors.insufficientParameters(name);
        }
        String topic = params.get(1);
        if (!Names.isValid(topic)) {
            throw V2Errors.badTopic(name, topic);
        }
        return topic;
    }

    private long deferMillis(String raw) throws ProtocolException {
        if (!Base10.isDigits(raw)) {
            throw V2Errors.unparsableTimeout("DPUB", raw);
        }
        long millis = Base10.parse(raw);
        long max = limits.maxReqTimeout().toMillis();
        if (millis < 0 || millis > max) {
            throw V2Errors.dpubTimeoutOutOfRange(millis, max);
        }
        return millis;
    }

    private void readBodySize(ByteBuf in) throws ProtocolException {
        if (in.readableBytes() < 4) {
            return;
        }
        int size = in.readInt();
        switch (command) {
            case "IDENTIFY", "AUTH" -> {
                if (size > limits.maxBodySize()) {
                    throw V2Errors.bodyTooBig(command, size, limits.maxBodySize());
                }
                if (size <= 0) {
                    throw V2Errors.invalidBodySize(command, size);
                }
            }
            case "MPUB" -> {
                if (size <= 0) {
                    throw V2Errors.invalidBodySize(command, size);
                }
                if (size > limits.maxBodySize()) {
                    throw V2Errors.bodyTooBig(command, size, limits.maxBodySize());
                }
                step = Step.MPUB_COUNT;
                return;
            }
            default -> checkMessageSize(size);
        }
        bodySize = size;
        step = Step.BODY;
    }

    private void checkMessageSize(int size) throws ProtocolException {
        if (size <= 0) {
            throw V2Errors.invalidMessageBodySize(command, size);
        }
        if (size > limits.maxMsgSize()) {
            throw V2Errors.messageTooBig(command, size, limits.maxMsgSize());
        }
    }

    private void readBody(ByteBuf in, List<Object> out) {
        if (in.readableBytes() < bodySize) {
            return;
        }
        byte[] body = new byte[bodySize];
        in.readBytes(body);
        step = Step.LINE;
        out.add(switch (command) {
            case "IDENTIFY" -> new Command.Identify(body);
            case "AUTH" -> new Command.Auth(body);
            case "PUB" -> new Command.Pub(topic, body);
            case "DPUB" -> new Command.Dpub(topic, deferMillis, body);
            default -> throw new IllegalStateException("no body expected for " + command);
        });
    }

    private void readMpubCount(ByteBuf in) throws ProtocolException {
        if (in.readableBytes() < 4) {
            return;
        }
        int count = in.readInt();
        // each message needs at least a 4-byte size and one byte of body
        long maxMessages = (limits.maxBodySize() - 4) / 5;
        if (count <= 0 || count > maxMessages) {
            throw V2Errors.invalidMpubCount(count);
        }
        mpubCount = count;
        mpubBytes = 4;
        // the declared count is only a claim: the list grows as bodies arrive, never ahead of them
        mpubBodies = new ArrayList<>(Math.min(count, MPUB_INITIAL_CAPACITY));
        step = Step.MPUB_MESSAGE_SIZE;
    }

    /**
     * Reads as many of an MPUB's messages as have arrived, in one call: returning to
     * {@link ByteToMessageDecoder} after each size and each body cost more than the reads themselves.
     */
    private void readMpubMessages(ByteBuf in, List<Object> out) throws ProtocolException {
        while (step == Step.MPUB_MESSAGE_SIZE ? readMpubMessageSize(in) : readMpubMessage(in, out)) {
            if (step == Step.LINE) {
                return;
            }
        }
    }

    /** @return whether the size was there to read */
    private boolean readMpubMessageSize(ByteBuf in) throws ProtocolException {
        if (in.readableBytes() < 4) {
            return false;
        }
        int size = in.readInt();
        if (size <= 0) {
            throw V2Errors.invalidMpubMessageSize(mpubBodies.size(), size);
        }
        long max = limits.maxMsgSize();
        if (size > max) {
            throw V2Errors.messageTooBig("MPUB", size, max);
        }
        // nsqd trusts each message's size once the declared body size passed; the sum is checked here
        // before the body is read, so a stream of in-limit messages cannot outgrow --max-body-size
        long total = mpubBytes + 4 + size;
        if (total > limits.maxBodySize()) {
            throw V2Errors.bodyTooBig("MPUB", total, limits.maxBodySize());
        }
        mpubBytes = total;
        bodySize = size;
        step = Step.MPUB_MESSAGE;
        return true;
    }

    /** @return whether the body was there to read */
    private boolean readMpubMessage(ByteBuf in, List<Object> out) {
        if (in.readableBytes() < bodySize) {
            return false;
        }
        byte[] body = new byte[bodySize];
        in.readBytes(body);
        mpubBodies.add(body);
        if (mpubBodies.size() < mpubCount) {
            step = Step.MPUB_MESSAGE_SIZE;
            return true;
        }
        out.add(new Command.Mpub(topic, mpubBodies));
        mpubBodies = null;
        step = Step.LINE;
        return true;
    }

    /** nsqd splits on every single space: {@code "SUB  t c"} has an empty second parameter. */
    static List<String> split(String line) {
        List<String> params = new ArrayList<>(4);
        int start = 0;
        for (int space; (space = line.indexOf(' ', start)) >= 0; start = space + 1) {
            params.add(line.substring(start, space));
        }
        params.add(line.substring(start));
        return params;
    }
}
