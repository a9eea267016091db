package io.jnsq.benchmarks.load;

import io.jnsq.testclient.V2Connection;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
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

    /**
     * Connects and sends the magic; with any upgrade, also IDENTIFY (as {@code userAgent}) and the
     * upgrades, each of which nsqd must have agreed to.
     */
    V2Connection open(InetSocketAddress address, int readTimeoutMillis, String userAgent) throws IOException {
        V2Connection connection = V2Connection.connect(address, V2Connection.Options.bulk(readTimeoutMillis));
        try {
            if (any()) {
                String answer = connection.negotiate(identifyJson(userAgent), tls ? insecureTls() : null);
                requireAgreed(answer, "tls_v1", tls);
                requireAgreed(answer, "snappy", snappy);
                requireAgreed(answer, "deflate", deflate);
            }
            return connection;
        } catch (IOException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    /** The IDENTIFY body: feature negotiation on, so nsqd answers with its JSON and then upgrades. */
    String identifyJson(String userAgent) {
        return identity(userAgent) + ",\"feature_negotiation\":true,\"tls_v1\":" + tls + ",\"snappy\":" + snappy
                + ",\"deflate\":" + deflate + ",\"deflate_level\":" + deflateLevel + "}";
    }

    /** The IDENTIFY body of a connection without upgrades: nsqd answers {@code OK}. */
    static String plainIdentifyJson(String userAgent) {
        return identity(userAgent) + ",\"feature_negotiation\":false}";
    }

    /** The opening of every IDENTIFY body the load tool sends: who it is. */
    private static String identity(String userAgent) {
        return "{\"client_id\":\"jnsq-load\",\"hostname\":\"localhost\",\"user_agent\":\"" + userAgent + "\"";
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

    private static void requireAgreed(String answer, String feature, boolean asked) throws IOException {
        if (asked && !V2Connection.agreed(answer, feature)) {
            throw new IOException("nsqd did not agree to " + feature + ": " + answer);
        }
    }

    /** A load tool on loopback: any certificate will do, as go-nsq's tls_insecure_skip_verify. */
    private static SSLContext insecureTls() throws IOException {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, InsecureTrustManagerFactory.INSTANCE.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up TLS: " + e.getMessage(), e);
        }
    }
}
