package io.jnsq.broker;

import io.jnsq.protocol.message.MessageHeader;
import io.jnsq.protocol.message.MessageId;

/**
 * A message as a disk queue record: the same 26-byte header as a message frame, then the body.
 * Attempts survive; deferral and in-flight ownership do not (nsqd's format has no room for them).
 */
final class MessageCodec {

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
}
