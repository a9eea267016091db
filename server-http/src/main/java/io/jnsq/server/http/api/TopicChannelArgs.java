package io.jnsq.server.http.api;

import io.jnsq.broker.Broker;
import io.jnsq.broker.BrokerException;
import io.jnsq.broker.Channel;
import io.jnsq.broker.Names;
import io.jnsq.broker.Topic;

/**
 * The {@code topic} and {@code channel} arguments, checked in nsqd's order with nsqd's two spellings:
 * {@code INVALID_TOPIC} where a topic may be created, {@code INVALID_ARG_TOPIC} in {@code /channel/*}.
 */
final class TopicChannelArgs {

    private final Broker broker;

    TopicChannelArgs(Broker broker) {
        this.broker = broker;
    }

    /** The named topic, created if new ({@code /pub}, {@code /mpub}, {@code /topic/create}). */
    Topic topicCreatingIfNew(QueryParams query) throws ApiError {
        String name = query.first("topic").orElseThrow(() -> new ApiError(400, "MISSING_ARG_TOPIC"));
        if (!Names.isValid(name)) {
            throw new ApiError(400, "INVALID_TOPIC");
        }
        try {
            return broker.topic(name);
        } catch (BrokerException e) {
            throw new ApiError(503, "EXITING");
        }
    }

    /** The {@code topic} argument, present but not validated. */
    static String topicName(QueryParams query) throws ApiError {
        return query.first("topic").orElseThrow(() -> new ApiError(400, "MISSING_ARG_TOPIC"));
    }

    /** An existing topic by name; any name that is not a topic, valid or not, is {@code TOPIC_NOT_FOUND}. */
    Topic existingTopic(String name) throws ApiError {
        return broker.findTopic(name).orElseThrow(() -> new ApiError(404, "TOPIC_NOT_FOUND"));
    }

    /** Both names validated, then the topic looked up (the channel is left to the caller). */
    TopicAndChannel existingTopicAndChannelName(QueryParams query) throws ApiError {
        String topicName = topicName(query);
        if (!Names.isValid(topicName)) {
            throw new ApiError(400, "INVALID_ARG_TOPIC");
        }
        String channelName = query.first("channel").orElseThrow(() -> new ApiError(400, "MISSING_ARG_CHANNEL"));
        if (!Names.isValid(channelName)) {
            throw new ApiError(400, "INVALID_ARG_CHANNEL");
        }
        return new TopicAndChannel(existingTopic(topicName), channelName);
    }

    /** An existing channel of an existing topic. */
    Channel existingChannel(QueryParams query) throws ApiError {
        TopicAndChannel names = existingTopicAndChannelName(query);
        return names.topic().findChannel(names.channelName())
                .orElseThrow(() -> new ApiError(404, "CHANNEL_NOT_FOUND"));
    }

    record TopicAndChannel(Topic topic, String channelName) {
    }
}
