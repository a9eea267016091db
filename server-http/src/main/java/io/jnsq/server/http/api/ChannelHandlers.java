package io.jnsq.server.http.api;

import io.jnsq.broker.Broker;
import io.jnsq.broker.BrokerException;
import io.jnsq.broker.Channel;

import java.util.concurrent.CompletableFuture;

/**
 * {@code POST /channel/create|delete|empty|pause|unpause}. The topic must exist: these endpoints never
 * create one. Checks run MISSING_ARG_TOPIC → INVALID_ARG_TOPIC → MISSING_ARG_CHANNEL →
 * INVALID_ARG_CHANNEL → TOPIC_NOT_FOUND → CHANNEL_NOT_FOUND.
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
}
