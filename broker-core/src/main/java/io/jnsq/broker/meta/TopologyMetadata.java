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

    @JsonPropertyOrder({"name", "paused"})
    public record ChannelEntry(@JsonProperty("name") String name, @JsonProperty("paused") boolean paused) {
    }
}
