package io.jnsq.broker.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jnsq.broker.GoDuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * Asks nsqd's auth servers what a client may do, without blocking the caller: the answer completes a
 * future on this client's own threads, so callers that must act on their event loop hop back to it.
 * One instance serves the whole broker; it keeps one HTTP client and its connections.
 */
public final class AuthClient {

    private static final Logger log = LoggerFactory.getLogger(AuthClient.class);
    private static final String ACCEPT = "application/vnd.nsq; version=1.0";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger THREAD_IDS = new AtomicInteger();

    private final AuthClientConfig config;
    private final ThreadPoolExecutor executor;
    private final HttpClient http;
    private final LongSupplier nanoClock;

    /** @throws IllegalArgumentException when auth is disabled or the root CA file is unusable */
    public AuthClient(AuthClientConfig config) {
        this(config, System::nanoTime);
    }

    /** @param nanoClock stamps each {@link AuthState#receivedAtNanos()}; give {@link AuthState#expired} the same clock */
    public AuthClient(AuthClientConfig config, LongSupplier nanoClock) {
        if (!config.enabled()) {
            throw new IllegalArgumentException("no --auth-http-address configured");
        }
        this.config = config;
        this.nanoClock = nanoClock;
        SSLContext tls = AuthTls.context(config.rootCaFile().orElse(null));
        executor = daemonExecutor();
        HttpClient.Builder builder = HttpClient.newBuilder()
                // as Go's transport with its own dialer: HTTP/1.1 only, and no h2c upgrade headers
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .sslContext(tls)
                .sslParameters(AuthTls.parameters(tls, config.tlsMinVersion()))
                .executor(executor);
        if (!config.connectTimeout().isZero()) {
            builder.connectTimeout(config.connectTimeout());
        }
        http = builder.build();
    }

    /**
     * Tries every configured address once, from a random one on, and completes with the first valid
     * grant. Fails with an {@link AuthException} listing each address's error when none gives one.
     */
    public CompletableFuture<AuthState> query(AuthRequest request) {
        CompletableFuture<AuthState> result = new CompletableFuture<>();
        int start = ThreadLocalRandom.current().nextInt(config.addresses().size());
        // begun on the client's own threads: building the exchange may resolve a host name, never on the caller's
        executor.execute(() -> tryAddress(new AuthForm(request), start, 0, new ArrayList<>(), result));
        return result;
    }

    private void tryAddress(AuthForm form, int start, int tried, List<String> errors, CompletableFuture<AuthState> result) {
        List<String> addresses = config.addresses();
        String address = addresses.get((start + tried) % addresses.size());
        queryAddress(address, form).whenComplete((state, error) -> {
            if (error == null) {
                result.complete(state);
                return;
            }
            String reason = describe(error);
            log.debug("auth query to {} failed: {}", address, reason);
            errors.add("failed to auth against " + address + " - " + reason);
            if (tried + 1 < addresses.size()) {
                tryAddress(form, start, tried + 1, errors, result);
            } else {
                result.completeExceptionally(new AuthException(String.join("; ", errors)));
            }
        });
    }

    private CompletableFuture<AuthState> queryAddress(String address, AuthForm form) {
        try {
            return exchange(uri(address, form), form);
        } catch (AuthException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Checked before the form is added, so that no error message can show the secret in the log. */
    private URI uri(String address, AuthForm form) throws AuthException {
        String endpoint = address.contains("://") ? address : "http://" + address + "/auth";
        URI uri;
        try {
            uri = new URI(endpoint);
        } catch (URISyntaxException e) {
            throw new AuthException("invalid endpoint " + endpoint + ": " + e.getReason());
        }
        if (uri.getHost() == null || !"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())) {
            throw new AuthException("invalid endpoint " + endpoint + ": not an http or https URL with a host");
        }
        // the escaped form only adds characters a query allows
        return config.requestMethod() == AuthClientConfig.RequestMethod.GET ? URI.create(endpoint + "?" + form.queryString()) : uri;
    }

    private CompletableFuture<AuthState> exchange(URI uri, AuthForm form) {
        CompletableFuture<HttpResponse<byte[]>> sent = http.sendAsync(request(uri, form), HttpResponse.BodyHandlers.ofByteArray());
        return withDeadline(sent).thenCompose(response -> {
            byte[] body = response.body();
            if (response.statusCode() == 200) {
                try {
                    return CompletableFuture.completedFuture(AuthState.parse(body, nanoClock.getAsLong()));
                } catch (AuthException e) {
                    return CompletableFuture.failedFuture(e);
                }
            }
            URI https = response.statusCode() == 403 && !"https".equalsIgnoreCase(uri.getScheme())
                    ? httpsEndpoint(uri, body) : null;
            if (https != null) {
                log.debug("auth server at {} wants https, retrying at {}", uri.getAuthority(), https.getAuthority());
                return exchange(https, form);
            }
            return CompletableFuture.failedFuture(new AuthException("got response " + response.statusCode()
                    + " \"" + new String(body, StandardCharsets.UTF_8) + "\""));
        });
    }

    private HttpRequest request(URI uri, AuthForm form) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Accept", ACCEPT);
        if (!config.requestTimeout().isZero()) {
            request.timeout(config.requestTimeout());
        }
        if (config.requestMethod() == AuthClientConfig.RequestMethod.POST) {
            request.header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(form.jsonBody()));
        }
        return request.build();
    }

    /**
     * The JDK's request timeout stops once the response headers are in, Go's client timeout also covers
     * the body; this bounds the whole exchange and abandons it when it runs out.
     */
    private CompletableFuture<HttpResponse<byte[]>> withDeadline(CompletableFuture<HttpResponse<byte[]>> sent) {
        Duration timeout = config.requestTimeout();
        if (timeout.isZero()) {
            return sent;
        }
        CompletableFuture<HttpResponse<byte[]>> bounded = sent.copy().orTimeout(timeout.toNanos(), TimeUnit.NANOSECONDS);
        bounded.whenComplete((response, error) -> {
            if (error instanceof TimeoutException) {
                sent.cancel(true);
            }
        });
        return bounded;
    }

    /** Where a 403 with {@code {"https_port":N}} points: the same host, path and query over https on port N. */
    private static URI httpsEndpoint(URI uri, byte[] body) {
        JsonNode port;
        try {
            port = JSON.readTree(body).path("https_port");
        } catch (IOException e) {
            return null;
        }
        if (!port.canConvertToInt() || !port.isIntegralNumber()) {
            return null;
        }
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        return URI.create("https://" + uri.getHost() + ":" + port.intValue() + uri.getRawPath() + query);
    }

    private String describe(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof AuthException) {
            return cause.getMessage();
        }
        if (cause instanceof TimeoutException) {
            return "no complete response within " + GoDuration.format(config.requestTimeout());
        }
        // the HTTP client's failures may carry their reason only in a nested exception, or repeat it there
        StringBuilder reason = new StringBuilder(cause.toString());
        for (Throwable inner = cause.getCause(); inner != null && inner != inner.getCause(); inner = inner.getCause()) {
            String said = inner.getMessage() == null ? inner.getClass().getName() : inner.getMessage();
            if (reason.indexOf(said) < 0) {
                reason.append(": ").append(inner);
            }
        }
        return reason.toString();
    }

    // threads die when idle and never keep the JVM alive
    private static ThreadPoolExecutor daemonExecutor() {
        ThreadFactory threads = runnable -> {
            Thread thread = new Thread(runnable, "jnsq-auth-http-" + THREAD_IDS.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        ThreadPoolExecutor executor = new ThreadPoolExecutor(2, 2, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), threads);
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }
}
