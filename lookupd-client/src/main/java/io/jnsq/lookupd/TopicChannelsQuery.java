package io.jnsq.lookupd;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Asks lookupds which channels a topic has elsewhere in the cluster ({@code GET /channels?topic=}), as
 * nsqd does before a new topic delivers: a message published to a fresh node must reach those channels.
 */
final class TopicChannelsQuery {

    private static final Logger log = LoggerFactory.getLogger(TopicChannelsQuery.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The V1 API: lookupd answers the object itself, without the old {@code status_code}/{@code data} envelope. */
    private static final String ACCEPT_V1 = "application/vnd.nsq; version=1.0";
    private static final String EPHEMERAL = "#ephemeral";

    private final HttpClient http;
    private final LookupdClientConfig config;

    TopicChannelsQuery(LookupdClientConfig config, Executor executor) {
        this.config = config;
        this.http = HttpClient.newBuilder()
                .connectTimeout(config.httpConnectTimeout())
                .version(HttpClient.Version.HTTP_1_1)
                .executor(executor)
                .build();
    }

    /** The union of the lookupds' answers, ephemeral channels left out (nsqd does not pre-create them). */
    CompletableFuture<Set<String>> channelsOf(String topic, List<LookupdInfo> lookupds) {
        Set<String> channels = new TreeSet<>();
        CompletableFuture<?>[] answers = lookupds.stream()
                .map(lookupd -> query(topic, lookupd).thenAccept(names -> {
                    synchronized (channels) {
                        names.stream().filter(name -> !name.endsWith(EPHEMERAL)).forEach(channels::add);
                    }
                }))
                .toArray(CompletableFuture[]::new);
        return CompletableFuture.allOf(answers).thenApply(all -> {
            synchronized (channels) {
                return Set.copyOf(channels);
            }
        });
    }

    /** One lookupd's channels; a failure is logged and answers none. */
    private CompletableFuture<List<String>> query(String topic, LookupdInfo lookupd) {
        URI uri = URI.create("http://" + hostPort(lookupd) + "/channels?topic=" + URLEncoder.encode(topic, StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(config.httpRequestTimeout())
                .header("Accept", ACCEPT_V1)
                .GET()
                .build();
        return http.sendAsync(request, info -> BoundedBody.ofBytes(config.maxResponseSize()))
                .thenApply(response -> parse(response, uri))
                .exceptionally(failure -> {
                    Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
                    log.warn("failed to query nsqlookupd {} for channels to pre-create for topic {} - {}", uri, topic, cause.toString());
                    return List.of();
                });
    }

    private static List<String> parse(HttpResponse<byte[]> response, URI uri) {
        if (response.statusCode() != 200) {
            throw new IllegalStateException("got response " + response.statusCode() + " from " + uri);
        }
        try {
            ChannelsAnswer answer = JSON.readValue(response.body(), ChannelsAnswer.class);
            return answer == null || answer.channels() == null ? List.of() : answer.channels();
        } catch (IOException e) {
            throw new IllegalStateException("cannot parse the answer of " + uri + " - " + e.getMessage(), e);
        }
    }

    private static String hostPort(LookupdInfo lookupd) {
        String host = lookupd.broadcastAddress();
        return (host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + lookupd.httpPort();
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ChannelsAnswer(List<String> channels) {
    }
}
