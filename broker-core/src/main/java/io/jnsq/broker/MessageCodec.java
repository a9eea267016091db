package io.jnsq.broker;

import io.jnsq.broker.queue.BackendQueue;

import io.jnsq.protocol.message.MessageHeader;
import io.jnsq.protocol.message.MessageId;

/**
 * A message as a disk queue record: the same 26-byte header as a message frame, then the body.
 * Attempts survive; deferral and in-flight ownership do not (nsqd's format has no room for them).
 */
final class MessageCodec {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(MessageCodec.class);

    private MessageCodec() {
    }

    static byte[] encode(Message message) {
        byte[] body = message.body();
        byte[] record = new byte[MessageHeader.LENGTH + body.length];
        long timestamp = message.timestamp();
        for (int i = 0; i < 8; i++) {
            record[i] = (byte) (timestamp >>> (56 - 8 * i));
        }
        record[MessageHeader.ATTEMPTS_OFFSET] = (byte) (message.attempts() >>> 8);
        record[MessageHeader.ATTEMPTS_OFFSET + 1] = (byte) message.attempts();
        MessageId.write(message.id(), record, MessageHeader.ID_OFFSET);
        System.arraycopy(body, 0, record, MessageHeader.LENGTH, body.length);
        return record;
    }

    /** The message in a record, or {@code null} when the record is too short to hold one. */
    static Message decode(byte[] record) {
        if (record.length < MessageHeader.LENGTH) {
            return null;
        }
        long timestamp = 0;
        for (int i = 0; i < 8; i++) {
            timestamp = timestamp << 8 | record[i] & 0xff;
        }
        int attempts = (record[MessageHeader.ATTEMPTS_OFFSET] & 0xff) << 8 | record[MessageHeader.ATTEMPTS_OFFSET + 1] & 0xff;
        long id = MessageId.parse(new String(record, MessageHeader.ID_OFFSET, MessageId.LENGTH, java.nio.charset.StandardCharsets.US_ASCII));
        byte[] body = java.util.Arrays.copyOfRange(record, MessageHeader.LENGTH, record.length);
        return new Message(id, body, timestamp, attempts);
    }

    /**
     * The next message a backend has ready, its record's token in {@link Message#backendToken}, or
     * {@code null}. A record too short to be a message is acknowledged and skipped, with a log line.
     */
    static Message takeFrom(BackendQueue backend, String owner) {
        while (backend.depth() > 0) {
            BackendQueue.Taken taken = backend.take();
            if (taken == null) {
                return null;
            }
            Message decoded = decode(taken.record());
            if (decoded != null) {
                decoded.backendToken = taken.token();
                return decoded;
            }
            backend.acknowledge(taken.token());
            LOG.error("{}: skipping a backend record of {} bytes, too short for a message", owner, taken.record().length);
        }
        return null;
    }
}
