package io.jnsq.broker.config;

/** {@code --tls-required}: nsqd's three settings, numbered as {@code /config/tls_required} shows them. */
public enum TlsRequired {
    NOT_REQUIRED, REQUIRED_EXCEPT_HTTP, REQUIRED;

    public int number() {
        return ordinal();
    }
}
