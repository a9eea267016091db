package io.jnsq.protocol.message;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

class MessageIdTest {

    @Test
    void idsAreSixteenLowercaseHexBytes() {
        assertEquals("18a75b4688a69000", MessageId.toString(0x18a75b4688a69000L));
        assertEquals(0x18a75b4688a69000L, MessageId.parse("18a75b4688a69000"));
    }

    @Test
    void bufferAndArrayWritersSpellTheSameDigits() {
        for (long id : new long[] {0L, 1L, 0x00000000ffffffffL, 0x7fffffff00000000L, 0x0123456789abcdefL, Long.MAX_VALUE}) {
            ByteBuf out = Unpooled.buffer();
            MessageId.write(id, out);
            assertEquals(MessageId.toString(id), out.toString(StandardCharsets.US_ASCII));
            assertEquals(id, MessageId.parse(out, 0));
            out.release();
        }
    }

    @Test
    void bytesNoServerIdCanHaveParseAsInvalid() {
        assertEquals(MessageId.INVALID, MessageId.parse("18A75B4688A69000"));
        assertEquals(MessageId.INVALID, MessageId.parse("18a75b4688a6900"));
        assertEquals(MessageId.INVALID, MessageId.parse("zzzzzzzzzzzzzzzz"));
        assertEquals(MessageId.INVALID, MessageId.parse("ffffffffffffffff"));
    }

    @Test
    void headerCarriesTimestampAttemptsAndId() {
        ByteBuf header = Unpooled.buffer();
        MessageHeader.write(header, 1_700_000_000_123_456_789L, 3, 0x0123456789abcdefL);
        assertEquals(MessageHeader.LENGTH, header.readableBytes());
        assertEquals(1_700_000_000_123_456_789L, MessageHeader.timestamp(header));
        assertEquals(3, MessageHeader.attempts(header));
        assertEquals(0x0123456789abcdefL, MessageHeader.id(header));
        assertEquals("0123456789abcdef", header.toString(10, 16, StandardCharsets.US_ASCII));
        header.release();
    }
}
