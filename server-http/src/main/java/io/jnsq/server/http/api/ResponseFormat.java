package io.jnsq.server.http.api;

/** How a route's answers look on the wire (nsqd's {@code http_api.V1} and {@code http_api.PlainText}). */
public enum ResponseFormat {

    /** {@code X-Nsq-Content-Type: nsq; version=1.0} on every answer; errors as {@code {"message":"…"}}. */
    V1,

    /** No nsq header; errors as their bare text ({@code /ping}, {@code /debug/…}). */
    PLAIN_TEXT
}
