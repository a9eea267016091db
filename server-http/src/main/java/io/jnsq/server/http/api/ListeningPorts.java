package io.jnsq.server.http.api;

/**
 * The ports this node really listens on (nsqd's {@code RealTCPAddr}, {@code RealHTTPAddr},
 * {@code RealHTTPSAddr}), read when a request needs them: {@code /info} reports the first two, the plain
 * listener's {@code TLS_REQUIRED} answer points clients at the third. The launcher answers from its
 * servers' bound addresses, so the ports may be chosen by the system ({@code :0}).
 */
public interface ListeningPorts {

    /** The TCP port, -1 when listening on a unix socket. */
    int tcp();

    /** The HTTP port, -1 when listening on a unix socket, 0 without an HTTP listener. */
    int http();

    /** The HTTPS port, 0 without an HTTPS listener. */
    int https();
}
