package io.jnsq.server.http;

import io.jnsq.server.http.api.ApiError;
import io.jnsq.server.http.api.ApiResponse;
import io.jnsq.server.http.api.GoJson;
import io.jnsq.server.http.api.ResponseFormat;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.DateFormatter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Map;

/** The one place answers and errors become HTTP responses, with nsqd's headers. */
final class ResponseRenderer {

    /** Go's canonical spelling on the wire; header names are case-insensitive to clients. */
    static final String NSQ_CONTENT_TYPE = "X-Nsq-Content-Type";
    static final String NSQ_V1 = "nsq; version=1.0";

    private ResponseRenderer() {
    }

    static FullHttpResponse render(ApiResponse answer, ResponseFormat format) {
        return build(answer.status(), answer.contentType(), answer.body(), answer.headers(), format);
    }

    /** V1: {@code {"message":"<reason>"}} as JSON; plain text: the bare reason. */
    static FullHttpResponse render(ApiError error, ResponseFormat format) {
        if (format == ResponseFormat.V1) {
            return build(error.status(), ApiResponse.JSON, GoJson.message(error.getMessage()), error.headers(), format);
        }
        byte[] text = error.getMessage().getBytes(StandardCharsets.UTF_8);
        return build(error.status(), text.length == 0 ? null : ApiResponse.TEXT, text, error.headers(), format);
    }

    /** Go's server answer to a request it cannot parse; the connection is closed after it. */
    static FullHttpResponse malformedRequest(HttpResponseStatus status) {
        byte[] text = (status.code() + " " + status.reasonPhrase()).getBytes(StandardCharsets.UTF_8);
        return build(status.code(), ApiResponse.TEXT, text, Map.of(), ResponseFormat.PLAIN_TEXT);
    }

    private static FullHttpResponse build(int status, String contentType, byte[] body, Map<String, String> extraHeaders,
                                          ResponseFormat format) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status),
                Unpooled.wrappedBuffer(body));
        HttpHeaders headers = response.headers();
        if (contentType != null) {
            headers.set(HttpHeaderNames.CONTENT_TYPE, contentType);
        }
        if (format == ResponseFormat.V1) {
            headers.set(NSQ_CONTENT_TYPE, NSQ_V1);
        }
        extraHeaders.forEach(headers::set);
        headers.set(HttpHeaderNames.DATE, DateFormatter.format(new Date()));
        headers.setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        return response;
    }
}
