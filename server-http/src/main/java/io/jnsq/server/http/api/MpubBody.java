package io.jnsq.server.http.api;

import io.jnsq.broker.Message;
import io.jnsq.broker.config.MessageConfig;
import io.jnsq.broker.Topic;
import io.netty.buffer.ByteBuf;

import java.util.ArrayList;
import java.util.List;

/** The two body formats of {@code /mpub}, parsed into messages or refused with nsqd's 413s. */
final class MpubBody {

    private MpubBody() {
    }

    /**
     * {@code [int32 count]([int32 size][bytes])×count}, the rules of TCP MPUB; errors become 413 with the
     * TCP code less its {@code E_}. Bytes after the last declared message are ignored.
     */
    static List<Message> binary(ByteBuf body, Topic topic, MessageConfig options) throws ApiError {
        ByteBuf in = body.duplicate();
        if (in.readableBytes() < 4) {
            throw new ApiError(413, "BAD_BODY");
        }
        int count = in.readInt();
        long maxMessages = (options.maxBodySize() - 4) / 5;
        if (count <= 0 || count > maxMessages) {
            throw new ApiError(413, "BAD_BODY");
        }
        List<Message> messages = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            if (in.readableBytes() < 4) {
                throw new ApiError(413, "BAD_MESSAGE");
            }
            int size = in.readInt();
            if (size <= 0 || size > options.maxMsgSize() || in.readableBytes() < size) {
                throw new ApiError(413, "BAD_MESSAGE");
            }
            byte[] message = new byte[size];
            in.readBytes(message);
            messages.add(topic.newMessage(message));
        }
        return messages;
    }

    /**
     * One message per {@code \n}-terminated line (the last line may lack it); empty lines are skipped and
     * {@code \r} is kept. {@code body} holds at most max-body-size + 1 bytes; like nsqd, a line over
     * max-msg-size that comes before the limit is reached wins over {@code BODY_TOO_BIG}.
     */
    static List<Message> lines(ByteBuf body, boolean bodyTooBig, Topic topic, MessageConfig options) throws ApiError {
        List<Message> messages = new ArrayList<>();
        int end = body.writerIndex();
        int start = body.readerIndex();
        while (start < end) {
            int newline = body.indexOf(start, end, (byte) '\n');
            int lineEnd = newline < 0 ? end : newline;
            int next = newline < 0 ? end : newline + 1;
            if (bodyTooBig && next == end) {
                throw new ApiError(413, "BODY_TOO_BIG");
            }
            int length = lineEnd - start;
            if (length > options.maxMsgSize()) {
                throw new ApiError(413, "MSG_TOO_BIG");
            }
            if (length > 0) {
                byte[] message = new byte[length];
                body.getBytes(start, message);
                messages.add(topic.newMessage(message));
            }
            start = next;
        }
        return messages;
    }
}
