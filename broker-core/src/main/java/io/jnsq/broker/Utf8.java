package io.jnsq.broker;

/** UTF-8 as Go reads it, for decoding client bytes the way nsqd does. */
public final class Utf8 {

    private Utf8() {
    }

    /** The length of the well-formed UTF-8 sequence at {@code i} (no overlongs, no surrogates), or 0. */
    public static int wellFormedLength(byte[] b, int i) {
        int lead = b[i] & 0xff;
        if (lead < 0x80) {
            return 1;
        }
        int length;
        int low = 0x80;
        int high = 0xbf;
        if (lead >= 0xc2 && lead <= 0xdf) {
            length = 2;
        } else if (lead >= 0xe0 && lead <= 0xef) {
            length = 3;
            if (lead == 0xe0) {
                low = 0xa0;
            } else if (lead == 0xed) {
                high = 0x9f;
            }
        } else if (lead >= 0xf0 && lead <= 0xf4) {
            length = 4;
            if (lead == 0xf0) {
                low = 0x90;
            } else if (lead == 0xf4) {
                high = 0x8f;
            }
        } else {
            return 0;
        }
        if (i + length > b.length) {
            return 0;
        }
        int second = b[i + 1] & 0xff;
        if (second < low || second > high) {
            return 0;
        }
        for (int k = 2; k < length; k++) {
            int next = b[i + k] & 0xff;
            if (next < 0x80 || next > 0xbf) {
                return 0;
            }
        }
        return length;
    }
}
