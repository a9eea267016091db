package io.jnsq.broker.auth;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One entry of an auth server's {@code authorizations}: which permissions it grants on topics and
 * channels whose names match its regular expressions.
 */
public final class Authorization {

    public enum Permission {
        SUBSCRIBE("subscribe"), PUBLISH("publish");

        private final String wireName;

        Permission(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }

    private final Pattern topic;
    private final List<Pattern> channels;
    private final Set<Permission> permissions;

    private Authorization(Pattern topic, List<Pattern> channels, Set<Permission> permissions) {
        this.topic = topic;
        this.channels = channels;
        this.permissions = permissions;
    }

    /**
     * Validates an entry as nsqd does: every permission must be {@code subscribe} or {@code publish}, the
     * topic and every channel must compile.
     *
     * @throws AuthException naming the first thing refused
     */
    public static Authorization of(String topic, Collection<String> channels, Collection<String> permissions)
            throws AuthException {
        Set<Permission> granted = EnumSet.noneOf(Permission.class);
        for (String name : permissions) {
            granted.add(permission(name));
        }
        Pattern topicPattern = compile("topic", topic);
        List<Pattern> channelPatterns = new ArrayList<>(channels.size());
        for (String channel : channels) {
            channelPatterns.add(compile("channel", channel));
        }
        return new Authorization(topicPattern, List.copyOf(channelPatterns), granted);
    }

    /**
     * nsqd's check: a non-empty channel needs {@code subscribe}, the empty one (a publish) needs
     * {@code publish}; the topic expression must match somewhere in the topic name and one channel
     * expression somewhere in the channel name. Unanchored on purpose, and for a publish the channel is "",
     * so only an entry with a channel expression that can match "" (such as {@code .*}) grants it.
     */
    public boolean allows(String topicName, String channelName) {
        Permission needed = channelName.isEmpty() ? Permission.PUBLISH : Permission.SUBSCRIBE;
        if (!permissions.contains(needed) || !topic.matcher(topicName).find()) {
            return false;
        }
        return channels.stream().anyMatch(channel -> channel.matcher(channelName).find());
    }

    public String topic() {
        return topic.pattern();
    }

    public List<String> channels() {
        return channels.stream().map(Pattern::pattern).toList();
    }

    public Set<Permission> permissions() {
        return Set.copyOf(permissions);
    }

    @Override
    public String toString() {
        return "Authorization[topic=" + topic() + ", channels=" + channels() + ", permissions=" + permissions + "]";
    }

    private static Permission permission(String name) throws AuthException {
        for (Permission permission : Permission.values()) {
            if (permission.wireName.equals(name)) {
                return permission;
            }
        }
        throw new AuthException("unknown permission " + name);
    }

    private static Pattern compile(String what, String regex) throws AuthException {
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new AuthException("unable to compile " + what + " \"" + regex + "\" " + e.getDescription());
        }
    }
}
