package io.jnsq.server.http;

/** Names of the handlers {@link HttpPipeline} adds, for anyone who inserts handlers around them. */
public final class HttpHandlerNames {

    public static final String CODEC = "http-codec";
    public static final String API = "http-api";

    private HttpHandlerNames() {
    }
}
