package io.jnsq.protocol.tls;

/** {@code --tls-client-auth-policy}: whether HTTPS clients must show a certificate, and whether it is checked. */
public enum ClientAuthPolicy {

    /** {@code ""}: no client certificate asked for. */
    NONE(""),

    /** {@code require}: any client certificate, not verified (Go's {@code RequireAnyClientCert}). */
    REQUIRE("require"),

    /** {@code require-verify}: a certificate signed by {@code --tls-root-ca-file}, or by a system root without one. */
    REQUIRE_VERIFY("require-verify");

    private final String flagValue;

    ClientAuthPolicy(String flagValue) {
        this.flagValue = flagValue;
    }

    /** @throws IllegalArgumentException for anything but {@code ""}, {@code require}, {@code require-verify} */
    public static ClientAuthPolicy parse(String flagValue) {
        for (ClientAuthPolicy policy : values()) {
            if (policy.flagValue.equals(flagValue)) {
                return policy;
            }
        }
        throw new IllegalArgumentException("invalid tls-client-auth-policy \"" + flagValue + "\" (require, require-verify)");
    }
}
