package io.jnsq.server.http.api;

import io.jnsq.broker.Broker;
import io.jnsq.broker.BrokerException;
import io.jnsq.broker.Message;
import io.jnsq.broker.config.MessageConfig;
import io.jnsq.broker.Stored;
import io.jnsq.broker.Topic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** {@code POST /pub} and {@code POST /mpub}, with nsqd's checks in nsqd's order. */
final class PubHandler {

    private static final Logger log = LoggerFactory.getLogger(PubHandler.class);

    private final Broker broker;
    private final TopicChannelArgs args;

    PubHandler(Broker broker) {
        this.broker = broker;
        this.args = new TopicChannelArgs(broker);
    }

    /** The body is one message; {@code defer} (ms) delays it in every channel. The body is checked before the URL. */
    ApiResponse pub(ApiRequest request) throws ApiError {
        MessageConfig options = broker.config().messages();
        if (request.contentLength() > options.maxMsgSize() || request.bodyTooBig()) {
            throw new ApiError(413, "MSG_TOO_BIG");
        }
        if (!request.body().isReadable()) {
            throw new ApiError(400, "MSG_EMPTY");
        }
        QueryParams query = request.query();
        Topic topic = args.topicCreatingIfNew(query);
        long deferNanos = deferNanos(query.first("defer"), options);
        Message message = topic.newMessage(request.bodyBytes()).deferFor(deferNanos);
        CompletableFuture<Void> stored;
        try {
            stored = topic.put(message);
        } catch (BrokerException e) {
            throw new ApiError(503, "EXITING");
        }
        awaitStored(stored);
        return ApiResponse.ok();
    }

    private static long deferNanos(Optional<String> param, MessageConfig options) throws ApiError {
        if (param.isEmpty()) {
            return 0;
        }
        try {
            // Go's ParseInt: base 10, an optional sign
            long nanos = Math.multiplyExact(Long.parseLong(param.get()), TimeUnit.MILLISECONDS.toNanos(1));
            if (nanos < 0 || nanos > options.maxReqTimeout().toNanos()) {
                throw new ApiError(400, "INVALID_DEFER");
            }
            return nanos;
        } catch (NumberFormatException | ArithmeticException e) {
            throw new ApiError(400, "INVALID_DEFER");
        }
    }

    /**
     * Text mode (default): one message per line. Binary mode ({@code binary=true}, or any value but
     * {@code false}/{@code 0}): the TCP MPUB body without its outer size.
     */
    ApiResponse mpub(ApiRequest request) throws ApiError {
        MessageConfig options = broker.config().messages();
        if (request.contentLength() > options.maxBodySize()) {
            throw new ApiError(413, "BODY_TOO_BIG");
        }
        QueryParams query = request.query();
        Topic topic = args.topicCreatingIfNew(query);
        List<Message> messages;
        if (binaryMode(query)) {
            if (request.bodyTooBig()) {
                throw new ApiError(413, "BODY_TOO_BIG");
            }
            messages = MpubBody.binary(request.body(), topic, options);
        } else {
            messages = MpubBody.lines(request.body(), request.bodyTooBig(), topic, options);
        }
        CompletableFuture<Void> stored;
        try {
            stored = topic.putAll(messages);
        } catch (BrokerException e) {
            throw new ApiError(503, "EXITING");
        }
        awaitStored(stored);
        return ApiResponse.ok();
    }

    /** nsqd answers a failed backend write with the same 503 as a broker that is exiting. */
    private void awaitStored(CompletableFuture<Void> stored) throws ApiError {
        Completion.await(Stored.both(stored, broker.metadataWritten()), new ApiError(503, "EXITING"));
    }

    private static boolean binaryMode(QueryParams query) {
        Optional<String> binary = query.first("binary");
        if (binary.isEmpty() || binary.get().equals("false") || binary.get().equals("0")) {
            return false;
        }
        if (!binary.get().equals("true") && !binary.get().equals("1")) {
            log.warn("deprecated value '{}' used for /mpub binary param", binary.get());
        }
        return true;
    }
}
