package io.jnsq.server.http;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** java.net.http over HTTP/1.1 (no h2c upgrade), redirects not followed: what a curl script sees. */
final class HttpTestClient {

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();

    private final String base;

    HttpTestClient(InetSocketAddress address) {
        this.base = "http://127.0.0.1:" + address.getPort();
    }

    HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
        return send("GET", pathAndQuery, HttpRequest.BodyPublishers.noBody());
    }

    HttpResponse<String> post(String pathAndQuery) throws IOException, InterruptedException {
        return send("POST", pathAndQuery, HttpRequest.BodyPublishers.noBody());
    }

    HttpResponse<String> post(String pathAndQuery, String body) throws IOException, InterruptedException {
        return post(pathAndQuery, body.getBytes(StandardCharsets.UTF_8));
    }

    HttpResponse<String> post(String pathAndQuery, byte[] body) throws IOException, InterruptedException {
        return send("POST", pathAndQuery, HttpRequest.BodyPublishers.ofByteArray(body));
    }

    /** A body of unknown length: sent chunked. */
    HttpResponse<String> postChunked(String pathAndQuery, byte[] body) throws IOException, InterruptedException {
        return send("POST", pathAndQuery, HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)));
    }

    HttpResponse<String> put(String pathAndQuery, String body) throws IOException, InterruptedException {
        return send("PUT", pathAndQuery, HttpRequest.BodyPublishers.ofString(body));
    }

    HttpResponse<String> send(String method, String pathAndQuery, HttpRequest.BodyPublisher body)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + pathAndQuery)).method(method, body)
                .timeout(Duration.ofSeconds(20)).build();
        return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
