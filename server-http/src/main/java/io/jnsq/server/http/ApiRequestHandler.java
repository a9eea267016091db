package io.jnsq.server.http;

import io.jnsq.broker.GoDuration;
import io.jnsq.broker.config.BrokerConfig;
import io.jnsq.broker.config.MessageConfig;
import io.jnsq.broker.config.TlsRequired;
import io.jnsq.protocol.transport.SocketAddresses;
import io.jnsq.server.http.api.ApiError;
import io.jnsq.server.http.api.ApiRequest;
import io.jnsq.server.http.api.ApiResponse;
import io.jnsq.server.http.api.BodyLimit;
import io.jnsq.server.http.api.Execution;
import io.jnsq.server.http.api.GoFormat;
import io.jnsq.server.http.api.ListeningPorts;
import io.jnsq.server.http.api.RequestTarget;
import io.jnsq.server.http.api.ResponseFormat;
import io.jnsq.server.http.api.Route;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * One connection's requests, one at a time: routes each request as soon as its head arrives, reads its
 * body up to the route's limit, runs the handler, writes the answer and keeps the connection alive
 * when the client wants it.
 *
 * <p>The handler runs on one of the listener's worker threads, since it may wait (for the broker's
 * commit) and the event loop never does (only a route marked {@link Execution#EVENT_LOOP}, which never
 * waits, is answered on the spot); everything else here, the connection's state included, is touched
 * on the event loop only. What arrives while a handler runs (pipelined requests, at most
 * {@link HttpPipeline#MAX_PIPELINE_DEPTH}) waits in a small queue and is served, in order, once the
 * answer is written; as soon as anything waits there the connection stops reading ({@code autoRead}
 * off) until the queue is empty again, so a client that does not pipeline never toggles it. It also
 * stops reading while its answers do not drain (the channel is not writable). So a connection holds at
 * most one request's body, what one read brought and the answers to it, and answers in the order it
 * was asked. A request the workers cannot take (queue full, shutting down) is answered 503 at once.
 *
 * <p>A body over the limit is never buffered: a declared {@code Content-Length} over it is answered at
 * once, a chunked body as soon as it crosses it. The rest of that body is left unread, so the
 * connection is then closed; like Go's server, it first half-closes and lingers briefly so the client
 * reads the answer instead of a reset.
 */
final class ApiRequestHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(ApiRequestHandler.class);
    private static final long LINGER_MILLIS = 500;
    /** A body nobody reads is skipped to keep the connection when it is no longer than this (nsqd's 256 KiB). */
    private static final long MAX_SKIPPED_BODY = 256 * 1024;

    private final Router router;
    private final MessageConfig limits;
    private final TlsRequired tlsRequired;
    private final Listener listener;
    private final ListeningPorts ports;
    private final Executor workers;

    // the request being read; null between requests
    private HttpRequest request;
    private RequestTarget target;
    private Router.Dispatch dispatch;
    private ByteBuf body;
    private long limit;
    private long declaredLength;
    private long startNanos;
    // after an early answer: the connection only waits to be closed
    private boolean closing;
    // a handler is running for this connection (on a worker)
    private boolean handling;
    // decoded while a handler ran, in order, each still to be released; reading is off while any waits,
    // so it holds at most what one read brought
    private final ArrayDeque<Object> pending = new ArrayDeque<>(2);
    private boolean replaying;

    ApiRequestHandler(Router router, BrokerConfig config, Listener listener, ListeningPorts ports, Executor workers) {
        this.router = router;
        this.limits = config.messages();
        this.tlsRequired = config.clients().tlsRequired();
        this.listener = listener;
        this.ports = ports;
        this.workers = workers;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (handling && !closing) {
            if (pending.isEmpty() && !(msg instanceof HttpRequest)) {
                // the rest of a body the running handler does not read (it was answered early): dropped
                ReferenceCountUtil.release(msg);
            } else {
                pending.add(msg);
                updateReading(ctx);
            }
            return;
        }
        process(ctx, msg);
    }

    private void process(ChannelHandlerContext ctx, Object msg) {
        try {
            if (closing) {
                return;
            }
            if (msg instanceof HttpRequest) {
                requestStarted(ctx, (HttpRequest) msg);
            }
            if (msg instanceof HttpContent && request != null) {
                contentReceived(ctx, (HttpContent) msg);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void requestStarted(ChannelHandlerContext ctx, HttpRequest head) {
        startNanos = System.nanoTime();
        if (head.decoderResult().isFailure()) {
            refuseMalformed(ctx, head.decoderResult().cause());
            return;
        }
        String hostProblem = hostProblem(head);
        if (hostProblem != null) {
            refuse(ctx, new HttpResponseStatus(400, "Bad Request: " + hostProblem));
            return;
        }
        try {
            target = RequestTarget.parse(head.uri());
        } catch (IllegalArgumentException e) {
            refuseMalformed(ctx, e);
            return;
        }
        request = head;
        dispatch = tlsRequired() ? tlsRequiredDispatch(head) : router.resolve(head.method(), target.path(), target.rawQuery());
        declaredLength = HttpUtil.getContentLength(head, -1L);
        BodyLimit bodyLimit = dispatch.route().body();
        if (bodyLimit == BodyLimit.IGNORED) {
            // answered at once, as nsqd's handler is: no need to wait for a body nobody reads, which
            // may never end; a body too long to skip cheaply ends the connection instead
            body = Unpooled.EMPTY_BUFFER;
            boolean chunked = HttpUtil.isTransferEncodingChunked(head);
            // what follows of this request is dropped as it comes (request is null by then); a body
            // of unknown or large size ends the connection instead
            respond(ctx, false, chunked || declaredLength > MAX_SKIPPED_BODY);
            return;
        } else {
            // one byte past the limit is kept: it is how a handler tells "exactly the limit" from "over it"
            limit = Math.min(bodyLimit.bytes(limits), Integer.MAX_VALUE - 1);
            if (declaredLength > limit) {
                body = Unpooled.EMPTY_BUFFER;
                respond(ctx, true, true);
                return;
            }
            int expected = (int) Math.min(declaredLength >= 0 ? declaredLength : 1024, limit) + 1;
            body = ctx.alloc().buffer(expected, (int) limit + 1);
        }
        if (HttpUtil.is100ContinueExpected(head)) {
            ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE, Unpooled.EMPTY_BUFFER));
        }
    }

    private void contentReceived(ChannelHandlerContext ctx, HttpContent chunk) {
        if (body != Unpooled.EMPTY_BUFFER) {
            ByteBuf content = chunk.content();
            int room = (int) (limit + 1 - body.readableBytes());
            body.writeBytes(content, content.readerIndex(), Math.min(room, content.readableBytes()));
            if (body.readableBytes() > limit) {
                respond(ctx, true, !(chunk instanceof LastHttpContent));
                return;
            }
        }
        if (chunk instanceof LastHttpContent) {
            respond(ctx, false, false);
        }
    }

    /**
     * Runs the route's handler, on a worker (at once for an {@link Execution#EVENT_LOOP} route); its
     * answer is written by {@link #finish} on the event loop.
     *
     * @param bodyTooBig     the body exceeded the route's limit (declared or received)
     * @param bodyLeftUnread bytes of this request are still on their way: the connection must end
     */
    private void respond(ChannelHandlerContext ctx, boolean bodyTooBig, boolean bodyLeftUnread) {
        boolean keepAlive = !bodyLeftUnread && HttpUtil.isKeepAlive(request);
        Route route = dispatch.route();
        Exchange exchange = new Exchange(route, new ApiRequest(target, dispatch.params(), declaredLength, body, bodyTooBig),
                body, request, route.logged() ? remote(ctx) : null, startNanos, keepAlive, bodyLeftUnread);
        // the exchange owns the body now
        body = null;
        request = null;
        dispatch = null;
        target = null;
        handling = true;
        if (!keepAlive) {
            // requests pipelined behind this one are not served: what arrives from now on is dropped
            closing = true;
        }
        if (route.execution() == Execution.EVENT_LOOP) {
            exchange.run();
            finish(ctx, exchange);
            return;
        }
        try {
            workers.execute(() -> {
                exchange.run();
                try {
                    ctx.executor().execute(() -> finish(ctx, exchange));
                } catch (RejectedExecutionException e) {
                    // the event loop has ended, and the connection with it
                    ReferenceCountUtil.release(exchange.response);
                }
            });
        } catch (RejectedExecutionException e) {
            exchange.refuse(workers instanceof HandlerWorkers && ((HandlerWorkers) workers).isShutdown() ? "EXITING" : "BUSY");
            finish(ctx, exchange);
        }
    }

    /** On the event loop: logs the call, writes the answer, then serves what waited meanwhile. */
    private void finish(ChannelHandlerContext ctx, Exchange exchange) {
        handling = false;
        FullHttpResponse response = exchange.response;
        HttpRequest head = exchange.head;
        if (exchange.route.logged()) {
            log.info("{} {} {} ({}) {}", response.status().code(), head.method(), head.uri(),
                    exchange.remote, GoDuration.format(Duration.ofNanos(System.nanoTime() - exchange.startNanos)));
        }
        // an HTTP/1.0 client is answered in 1.0, with an explicit keep-alive when it asked for one
        response.setProtocolVersion(head.protocolVersion());
        HttpUtil.setKeepAlive(response, exchange.keepAlive);
        if (!ctx.channel().isActive()) {
            // closed while the handler ran; what waited was released then
            ReferenceCountUtil.release(response);
            return;
        }
        ChannelFuture written = ctx.writeAndFlush(response);
        if (exchange.bodyLeftUnread) {
            closeAfterLinger(ctx, written);
        } else if (!exchange.keepAlive) {
            written.addListener(ChannelFutureListener.CLOSE);
        } else {
            servePending(ctx);
        }
    }

    /**
     * Serves the requests that were read while a handler ran, until one goes to a worker again; reads
     * again once nothing waits. Iterative: a request answered on the spot does not nest another call.
     */
    private void servePending(ChannelHandlerContext ctx) {
        if (replaying) {
            return;
        }
        replaying = true;
        try {
            Object msg;
            while (!handling && !closing && (msg = pending.poll()) != null) {
                process(ctx, msg);
            }
        } finally {
            replaying = false;
        }
        if (closing) {
            releasePending();
        }
        updateReading(ctx);
    }

    /**
     * Reads while nothing waits and the answers drain; a closing connection reads (and drops) everything
     * until the client closes.
     */
    private void updateReading(ChannelHandlerContext ctx) {
        ctx.channel().config().setAutoRead(closing || pending.isEmpty() && ctx.channel().isWritable());
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        updateReading(ctx);
        super.channelWritabilityChanged(ctx);
    }

    private void refuseMalformed(ChannelHandlerContext ctx, Throwable cause) {
        HttpResponseStatus status = cause instanceof TooLongHttpLineException ? HttpResponseStatus.REQUEST_URI_TOO_LONG
                : cause instanceof TooLongHttpHeaderException || cause instanceof TooLongFrameException
                ? HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE : HttpResponseStatus.BAD_REQUEST;
        log.debug("HTTP: malformed request from {} - {}", remote(ctx), String.valueOf(cause));
        refuse(ctx, status);
    }

    /**
     * Go's server refuses a request whose Host headers are wrong before any handler sees it, naming the
     * problem in the status line and the body: an HTTP/1.1 request (CONNECT aside) needs one, and no
     * request may have two.
     */
    private static String hostProblem(HttpRequest head) {
        java.util.List<String> hosts = head.headers().getAll(HttpHeaderNames.HOST);
        HttpVersion version = head.protocolVersion();
        boolean atLeast11 = version.majorVersion() > 1 || version.majorVersion() == 1 && version.minorVersion() >= 1;
        if (atLeast11 && hosts.isEmpty() && !HttpMethod.CONNECT.equals(head.method())) {
            return "missing required Host header";
        }
        return hosts.size() > 1 ? "too many Host headers" : null;
    }

    private void refuse(ChannelHandlerContext ctx, HttpResponseStatus status) {
        FullHttpResponse response = ResponseRenderer.malformedRequest(status);
        response.setStatus(status); // with its reason phrase, which Go may extend
        HttpUtil.setKeepAlive(response, false);
        closeAfterLinger(ctx, ctx.writeAndFlush(response));
    }

    /**
     * Half-closes once the answer is out and drops whatever still arrives; closes when the client does,
     * or after a short linger. Closing at once could make the client's TCP stack discard our answer.
     */
    private void closeAfterLinger(ChannelHandlerContext ctx, ChannelFuture written) {
        closing = true;
        updateReading(ctx);
        written.addListener(done -> {
            if (ctx.channel() instanceof DuplexChannel && ctx.pipeline().get(SslHandler.class) == null) {
                ((DuplexChannel) ctx.channel()).shutdownOutput();
            }
            ctx.executor().schedule(() -> ctx.close(), LINGER_MILLIS, TimeUnit.MILLISECONDS);
        });
    }

    private boolean tlsRequired() {
        return listener == Listener.PLAIN && tlsRequired == TlsRequired.REQUIRED;
    }

    /** nsqd answers every plain request with this when TLS is required, spaces and all. */
    private Router.Dispatch tlsRequiredDispatch(HttpRequest head) {
        return new Router.Dispatch(new Route(head.method(), target.path(), ResponseFormat.V1, BodyLimit.IGNORED, false,
                Execution.EVENT_LOOP, apiRequest -> new ApiResponse(403, ApiResponse.JSON,
                        ("{\"message\": \"TLS_REQUIRED\", \"https_port\": " + ports.https() + "}").getBytes(StandardCharsets.UTF_8),
                        Map.of())), Map.of());
    }

    private static String remote(ChannelHandlerContext ctx) {
        return SocketAddresses.format(ctx.channel().remoteAddress());
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        releaseBody();
        releasePending();
        super.channelInactive(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        releaseBody();
        releasePending();
    }

    /** The body being read; a handler's body is the worker's to release. */
    private void releaseBody() {
        if (body != null) {
            body.release();
            body = null;
        }
    }

    /** Messages waiting for the running handler to answer; call on the event loop (for tests). */
    int pendingCount() {
        return pending.size();
    }

    private void releasePending() {
        Object msg;
        while ((msg = pending.poll()) != null) {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("HTTP: connection from {} failed - {}", remote(ctx), cause.toString());
        ctx.close();
    }

    /**
     * One request handed to a worker, and its answer. Built on the event loop; {@link #run()} (or
     * {@link #refuse}) then happens on one thread and the result is read back on the event loop.
     */
    private static final class Exchange {

        final Route route;
        final ApiRequest request;
        final ByteBuf body;
        final HttpRequest head;
        final String remote;
        final long startNanos;
        final boolean keepAlive;
        final boolean bodyLeftUnread;
        FullHttpResponse response;

        Exchange(Route route, ApiRequest request, ByteBuf body, HttpRequest head, String remote, long startNanos,
                 boolean keepAlive, boolean bodyLeftUnread) {
            this.route = route;
            this.request = request;
            this.body = body;
            this.head = head;
            this.remote = remote;
            this.startNanos = startNanos;
            this.keepAlive = keepAlive;
            this.bodyLeftUnread = bodyLeftUnread;
        }

        /** Runs the handler and renders its answer; releases the body whatever happens. */
        void run() {
            try {
                response = ResponseRenderer.render(route.handler().handle(request), route.format());
            } catch (ApiError e) {
                response = ResponseRenderer.render(e, route.format());
            } catch (Throwable e) {
                // an Error too: the connection still gets its answer, and the worker lives on
                log.error("panic in HTTP handler - {}", e.toString(), e);
                response = ResponseRenderer.render(new ApiError(500, "INTERNAL_ERROR"), ResponseFormat.V1);
            } finally {
                body.release();
            }
        }

        /** No worker took it: 503 in the route's format, without running the handler. */
        void refuse(String reason) {
            body.release();
            response = ResponseRenderer.render(new ApiError(503, reason), route.format());
        }
    }
}
