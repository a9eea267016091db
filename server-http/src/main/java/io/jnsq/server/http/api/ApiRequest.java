package io.jnsq.server.http.api;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;

import java.util.Map;

/**
 * A request as a handler sees it. The body is owned by the pipeline and valid only while the handler
 * runs; it holds at most the route's {@link BodyLimit} plus one byte.
 */
public final class ApiRequest {

    private final RequestTarget target;
    private final Map<String, String> pathParams;
    private final long contentLength;
    private final ByteBuf body;
    private final boolean bodyTooBig;
    private QueryParams query;

    /**
     * @param contentLength the declared {@code Content-Length}, -1 when absent (chunked)
     * @param bodyTooBig    whether the body (declared or received) exceeded the route's limit
     */
    public ApiRequest(RequestTarget target, Map<String, String> pathParams, long contentLength, ByteBuf body,
                      boolean bodyTooBig) {
        this.target = target;
        this.pathParams = Map.copyOf(pathParams);
        this.contentLength = contentLength;
        this.body = body;
        this.bodyTooBig = bodyTooBig;
    }

    /** A {@code :name} segment of the route's path. */
    public String pathParam(String name) {
        return pathParams.get(name);
    }

    /**
     * The URL query, parsed on first use so that each handler meets a malformed query at the point of
     * its checks where nsqd does.
     *
     * @throws ApiError 400 {@code INVALID_REQUEST}
     */
    public QueryParams query() throws ApiError {
        if (query == null) {
            try {
                query = QueryParams.parse(target.rawQuery());
            } catch (IllegalArgumentException e) {
                throw new ApiError(400, "INVALID_REQUEST");
            }
        }
        return query;
    }

    public long contentLength() {
        return contentLength;
    }

    public boolean bodyTooBig() {
        return bodyTooBig;
    }

    /** The body read so far; empty for routes that ignore bodies. */
    public ByteBuf body() {
        return body;
    }

    public byte[] bodyBytes() {
        return ByteBufUtil.getBytes(body);
    }
}
