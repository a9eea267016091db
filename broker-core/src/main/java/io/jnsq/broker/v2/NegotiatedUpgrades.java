package io.jnsq.broker.v2;

import io.jnsq.broker.config.ClientConfig;
import io.jnsq.protocol.error.ProtocolException;

/**
 * The stream upgrades one IDENTIFY settles, as nsqd decides them: each needs the client to ask and the
 * server to allow it; the deflate level is the client's (6 when it names none), capped by
 * {@code --max-deflate-level}, and reported even when deflate is off.
 */
record NegotiatedUpgrades(boolean tls, boolean snappy, boolean deflate, int deflateLevel) {

    private static final int DEFAULT_DEFLATE_LEVEL = 6;

    /** @throws ProtocolException {@code E_IDENTIFY_FAILED} when both compressions would be on */
    static NegotiatedUpgrades negotiate(IdentifyRequest request, ClientConfig options, boolean tlsAvailable)
            throws ProtocolException {
        boolean tls = tlsAvailable && IdentifyRequest.isTrue(request.tlsV1());
        boolean deflate = options.deflate() && IdentifyRequest.isTrue(request.deflate());
        boolean snappy = options.snappy() && IdentifyRequest.isTrue(request.snappy());
        long level = DEFAULT_DEFLATE_LEVEL;
        if (deflate && IdentifyRequest.orZero(request.deflateLevel()) > 0) {
            level = request.deflateLevel();
        }
        level = Math.min(level, options.maxDeflateLevel());
        if (deflate && snappy) {
            throw V2Errors.bothCompressions();
        }
        return new NegotiatedUpgrades(tls, snappy, deflate, (int) level);
    }

    boolean compressed() {
        return snappy || deflate;
    }

    boolean any() {
        return tls || compressed();
    }
}
