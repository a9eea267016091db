package io.jnsq.broker.v2;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

class GoQuoteTest {

    private static String latin1(byte... bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    private static String latin1(String utf8) {
        return new String(utf8.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    @Test
    void quotesLikeGo() {
        assertEquals("\"bad$\"", GoQuote.quote("bad$"));
        assertEquals("\"\"", GoQuote.quote(""));
        assertEquals("\"a\\\"b\\\\c\"", GoQuote.quote("a\"b\\c"));
        assertEquals("\"\\t\\n\\r\\x00\\x7f\"", GoQuote.quote("\t\n\r\u0000\u007f"));
        assertEquals(latin1("\"héllo\""), GoQuote.quote(latin1("héllo")));
        assertEquals("\"\\xff\\xfe\"", GoQuote.quote(latin1((byte) 0xff, (byte) 0xfe)));
        assertEquals("\"\\u200b\"", GoQuote.quote(latin1("\u200b")));
        assertEquals(latin1("\"日本\""), GoQuote.quote(latin1("日本")));
    }
}
