package io.jnsq.lookupd;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A topic, or a topic's channel, as nsqlookupd records it for a node.
 *
 * @param channel empty for the topic itself
 */
public record Registration(String topic, String channel) {

    public Registration {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(channel, "channel");
    }

    public static Registration topic(String topic) {
        return new Registration(topic, "");
    }

    public static Registration channel(String topic, String channel) {
        return new Registration(topic, channel);
    }

    public boolean isTopic() {
        return channel.isEmpty();
    }

    /**
     * What a fresh connection announces, in nsqd's way: a topic with channels only through its channels
     * (lookupd registers the topic with them), a topic without any on its own.
     */
    static List<Registration> announcements(List<Registration> registrations) {
        Map<String, List<Registration>> byTopic = new LinkedHashMap<>();
        for (Registration registration : registrations) {
            List<Registration> ofTopic = byTopic.computeIfAbsent(registration.topic, topic -> new ArrayList<>());
            if (!registration.isTopic()) {
                ofTopic.add(registration);
            }
        }
        List<Registration> announcements = new ArrayList<>();
        byTopic.forEach((topic, channels) -> {
            if (channels.isEmpty()) {
                announcements.add(topic(topic));
            } else {
                announcements.addAll(channels);
            }
        });
        return announcements;
    }
}
