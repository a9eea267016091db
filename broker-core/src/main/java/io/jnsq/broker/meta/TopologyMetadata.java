package io.jnsq.broker.meta;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;

/**
 * The content of {@code nsqd.dat}: durable topics, their channels and what is paused, in nsqd's JSON
 * shape. Empty lists are written as {@code null}, as Go writes a nil slice.
 */
@JsonPropertyOrder({"topics", "version"})
@JsonInclude(JsonInclude.Include.ALWAYS)
public record TopologyMetadata(@JsonProperty("topics") List<TopicEntry> topics,
                               @JsonProperty("version") String version) {

    public TopologyMetadata {
        topics = topics == null || topics.isEmpty() ? null : List.copyOf(topics);
    }

    /** Never null, whatever the file said. */
    public List<TopicEntry> topicList() {
        return topics == null ? List.of() : topics;
    }

    @JsonPropertyOrder({"name", "paused", "channels"})
    public record TopicEntry(@JsonProperty("name") String name, @JsonProperty("paused") boolean paused,
                             @JsonProperty("channels") List<ChannelEntry> channels) {

        public TopicEntry {
            channels = channels == null || channels.isEmpty() ? null : List.copyOf(channels);
        }

        public List<ChannelEntry> channelList() {
            return channels == null ? List.of() : channels;
        }
    }

    /**
     * A channel; {@code max_attempts} and {@code dead_letter_topic} are jnsq's, written only for a channel
     * given its own dead-letter setting (nsqd ignores fields it does not know, and drops them when it
     * rewrites the file).
     *
     * @param maxAttempts     the channel's own dead-letter setting, {@code null} when the default applies
     * @param deadLetterTopic its topic ({@code ""} with {@code maxAttempts} 0), {@code null} likewise
     */
    @JsonPropertyOrder({"name", "paused", "max_attempts", "dead_letter_topic"})
    public record ChannelEntry(@JsonProperty("name") String name, @JsonProperty("paused") boolean paused,
                               @JsonProperty("max_attempts") @JsonInclude(JsonInclude.Include.NON_NULL) Integer maxAttempts,
                               @JsonProperty("dead_letter_topic") @JsonInclude(JsonInclude.Include.NON_NULL) String deadLetterTopic) {

        public ChannelEntry(String name, boolean paused) {
            this(name, paused, null, null);
        }
    }
}
