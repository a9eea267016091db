package io.jnsq.server.http.api;

import io.jnsq.broker.Broker;
import io.jnsq.broker.BrokerException;
import io.jnsq.broker.Names;
import io.jnsq.broker.Topic;

import java.util.concurrent.CompletableFuture;

/**
 * {@code POST /topic/create|delete|empty|pause|unpause}. Delete and (un)pause do not validate the name:
 * an invalid one is simply {@code TOPIC_NOT_FOUND}, as in nsqd.
 */
final class TopicHandlers {

    private final Broker broker;
    private final TopicChannelArgs args;

    TopicHandlers(Broker broker) {
        this.broker = broker;
        this.args = new TopicChannelArgs(broker);
    }

    ApiResponse create(ApiRequest request) throws ApiError {
        args.topicCreatingIfNew(request.query());
        Completion.await(broker.metadataWritten());
        return ApiResponse.empty();
    }

    ApiResponse delete(ApiRequest request) throws ApiError {
        String name = TopicChannelArgs.topicName(request.query());
        CompletableFuture<Void> deleted;
        try {
            deleted = broker.deleteTopic(name);
        } catch (BrokerException e) {
            throw new ApiError(404, "TOPIC_NOT_FOUND");
        }
        Completion.await(deleted, new ApiError(500, "INTERNAL_ERROR"));
        return ApiResponse.empty();
    }

    ApiResponse empty(ApiRequest request) throws ApiError {
        String name = TopicChannelArgs.topicName(request.query());
        if (!Names.isValid(name)) {
            throw new ApiError(400, "INVALID_TOPIC");
        }
        Topic topic = args.existingTopic(name);
        Completion.await(topic.empty(), new ApiError(500, "INTERNAL_ERROR"));
        return ApiResponse.empty();
    }

    ApiResponse pause(ApiRequest request) throws ApiError {
        Completion.await(args.existingTopic(TopicChannelArgs.topicName(request.query())).pause());
        return ApiResponse.empty();
    }

    ApiResponse unpause(ApiRequest request) throws ApiError {
        Completion.await(args.existingTopic(TopicChannelArgs.topicName(request.query())).unpause());
        return ApiResponse.empty();
    }
}
