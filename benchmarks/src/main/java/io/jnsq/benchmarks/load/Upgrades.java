package io.jnsq.benchmarks.load;

import java.util.ArrayList;
import java.util.List;

/**
 * The stream upgrades every connection asks for in its IDENTIFY ({@code --tls}, {@code --snappy},
 * {@code --deflate}): TLS first, then the compression, in the order nsqd applies them.
 */
record Upgrades(boolean tls, boolean snappy, boolean deflate, int deflateLevel) {

    static final Upgrades NONE = new Upgrades(false, false, false, 6);

    Upgrades {
        if (snappy && deflate) {
            // nsqd answers E_IDENTIFY_FAILED "cannot enable both deflate and snappy compression"
            throw new IllegalArgumentException("--snappy and --deflate exclude each other");
        }
        if (deflateLevel < 1 || deflateLevel > 9) {
            throw new IllegalArgumentException("--deflate-level must be in [1,9], got " + deflateLevel);
        }
    }

    boolean any() {
        return tls || snappy || deflate;
    }

    /** The IDENTIFY body: feature negotiation on, so nsqd answers with its JSON and then upgrades. */
    String identifyJson(String userAgent) {
        return "{\"client_id\":\"jnsq-load\",\"hostname\":\"localhost\",\"user_agent\":\"" + userAgent
                + "\",\"feature_negotiation\":true,\"tls_v1\":" + tls + ",\"snappy\":" + snappy + ",\"deflate\":" + deflate
                + ",\"deflate_level\":" + deflateLevel + "}";
    }

    String describe() {
        List<String> names = new ArrayList<>();
        if (tls) {
            names.add("tls");
        }
        if (snappy) {
            names.add("snappy");
        }
        if (deflate) {
            names.add("deflate(" + deflateLevel + ")");
        }
        return String.join("+", names);
    }
}
