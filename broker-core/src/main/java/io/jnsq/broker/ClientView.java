package io.jnsq.broker;

import java.util.Map;

/** What {@code /stats} shows of one connected client, consumer or producer. */
public interface ClientView {

    long clientId();

    /** The client's self-declared id: its IDENTIFY {@code client_id}, or its IP before IDENTIFY. */
    String clientName();

    String hostname();

    /** The protocol version, {@code "V2"}. */
    String version();

    String remoteAddress();

    /** 0 init, 3 subscribed, 4 closing. */
    int state();

    long readyCount();

    ConsumerCounters counters();

    /** Unix seconds. */
    long connectTimeSeconds();

    int sampleRate();

    boolean deflate();

    boolean snappy();

    String userAgent();

    String topologyZone();

    String topologyRegion();

    boolean tls();

    String tlsCipherSuite();

    String tlsVersion();

    String tlsNegotiatedProtocol();

    boolean tlsNegotiatedProtocolIsMutual();

    boolean authed();

    String authIdentity();

    String authIdentityUrl();

    /** Messages published by this client, per topic, in publish order of first use. */
    Map<String, Long> publishCounts();
}
