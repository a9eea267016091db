package io.jnsq.server.http.api;

import io.jnsq.broker.Broker;
import io.jnsq.broker.BrokerException;
import io.jnsq.broker.Channel;
import io.jnsq.broker.DeadLetterPolicy;
import io.jnsq.broker.Names;

import java.util.concurrent.CompletableFuture;

/**
 * {@code POST /channel/create|delete|empty|pause|unpause}, and jnsq's {@code /channel/deadletter}. The
 * topic must exist: these endpoints never create one. Checks run MISSING_ARG_TOPIC → INVALID_ARG_TOPIC →
 * MISSING_ARG_CHANNEL → INVALID_ARG_CHANNEL → TOPIC_NOT_FOUND → CHANNEL_NOT_FOUND.
 */
final class ChannelHandlers {

    private final Broker broker;
    private final TopicChannelArgs args;

    ChannelHandlers(Broker broker) {
        this.broker = broker;
        this.args = new TopicChannelArgs(broker);
    }

    ApiResponse create(ApiRequest request) throws ApiError {
        TopicChannelArgs.TopicAndChannel names = args.existingTopicAndChannelName(request.query());
        try {
            names.topic().channel(names.channelName());
        } catch (BrokerException e) {
            throw new ApiError(503, "EXITING");
        }
        Completion.await(broker.metadataWritten());
        return ApiResponse.empty();
    }

    ApiResponse delete(ApiRequest request) throws ApiError {
        TopicChannelArgs.TopicAndChannel names = args.existingTopicAndChannelName(request.query());
        CompletableFuture<Void> deleted;
        try {
            deleted = names.topic().deleteChannel(names.channelName());
        } catch (BrokerException e) {
            throw new ApiError(404, "CHANNEL_NOT_FOUND");
        }
        Completion.await(deleted, new ApiError(500, "INTERNAL_ERROR"));
        return ApiResponse.empty();
    }

    ApiResponse empty(ApiRequest request) throws ApiError {
        Channel channel = args.existingChannel(request.query());
        Completion.await(channel.empty(), new ApiError(500, "INTERNAL_ERROR"));
        return ApiResponse.empty();
    }

    ApiResponse pause(ApiRequest request) throws ApiError {
        Completion.await(args.existingChannel(request.query()).pause());
        return ApiResponse.empty();
    }

    ApiResponse unpause(ApiRequest request) throws ApiError {
        Completion.await(args.existingChannel(request.query()).unpause());
        return ApiResponse.empty();
    }

    /**
     * {@code POST /channel/deadletter?topic=&channel=&max_attempts=&dead_letter_topic=} (jnsq): the channel's
     * own dead-letter setting, in {@code nsqd.dat} before the answer. {@code max_attempts=0} turns it off
     * for this channel whatever the default; without {@code dead_letter_topic} a channel gets
     * {@code --dead-letter-topic}. The dead-letter topic is created at once.
     */
    ApiResponse deadLetter(ApiRequest request) throws ApiError {
        Channel channel = args.existingChannel(request.query());
        String rawAttempts = request.query().first("max_attempts").orElseThrow(() -> new ApiError(400, "MISSING_ARG_MAX_ATTEMPTS"));
        int maxAttempts;
        try {
            maxAttempts = Integer.parseInt(rawAttempts);
        } catch (NumberFormatException e) {
            throw new ApiError(400, "INVALID_ARG_MAX_ATTEMPTS");
        }
        if (maxAttempts < 0 || maxAttempts > DeadLetterPolicy.MAX_ATTEMPTS) {
            throw new ApiError(400, "INVALID_ARG_MAX_ATTEMPTS");
        }
        String given = request.query().first("dead_letter_topic").orElse("");
        if (maxAttempts == 0) {
            if (!given.isEmpty()) {
                throw new ApiError(400, "DEAD_LETTER_TOPIC_NEEDS_MAX_ATTEMPTS");
            }
            Completion.await(channel.deadLetter(DeadLetterPolicy.OFF));
            return ApiResponse.empty();
        }
        String topicName = given.isEmpty() ? broker.config().messages().deadLetterTopic() : given;
        if (topicName.isEmpty()) {
            throw new ApiError(400, "MISSING_ARG_DEAD_LETTER_TOPIC");
        }
        if (!Names.isValid(topicName)) {
            throw new ApiError(400, "INVALID_ARG_DEAD_LETTER_TOPIC");
        }
        if (Names.isEphemeral(topicName)) {
            throw new ApiError(400, "EPHEMERAL_DEAD_LETTER_TOPIC");
        }
        if (topicName.equals(channel.topic().name())) {
            throw new ApiError(400, "DEAD_LETTER_TOPIC_IS_CHANNEL_TOPIC");
        }
        try {
            broker.topic(topicName);
        } catch (BrokerException e) {
            throw new ApiError(503, "EXITING");
        }
        Completion.await(channel.deadLetter(new DeadLetterPolicy(maxAttempts, topicName)));
        Completion.await(broker.metadataWritten());
        return ApiResponse.empty();
    }
}
