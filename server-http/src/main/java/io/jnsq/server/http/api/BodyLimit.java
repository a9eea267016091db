package io.jnsq.server.http.api;

import io.jnsq.broker.config.MessageConfig;

/**
 * How much of a request body a route reads. Bodies past the limit are not buffered: the handler learns
 * only that the body was too big and answers with its own 413.
 */
public enum BodyLimit {

    /** The body is read and thrown away, as nsqd does for endpoints that take their arguments from the URL. */
    IGNORED {
        @Override
        public long bytes(MessageConfig limits) {
            return 0;
        }
    },

    /** {@code --max-msg-size}: {@code /pub}, {@code PUT /config/…}. */
    MAX_MSG_SIZE {
        @Override
        public long bytes(MessageConfig limits) {
            return limits.maxMsgSize();
        }
    },

    /** {@code --max-body-size}: {@code /mpub}. */
    MAX_BODY_SIZE {
        @Override
        public long bytes(MessageConfig limits) {
            return limits.maxBodySize();
        }
    };

    public abstract long bytes(MessageConfig limits);
}
