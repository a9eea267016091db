package io.jnsq.broker;

/**
 * A channel's dead-letter setting: a message requeued (REQ) or timed out after {@code maxAttempts}
 * deliveries goes to {@code topic} instead of back to the channel. Set per channel through
 * {@code POST /channel/deadletter}, or for every channel by {@code --dead-letter-max-attempts} and
 * {@code --dead-letter-topic}.
 *
 * @param maxAttempts 1..65535 (a message's attempts are 16 bits); 0 turns dead-lettering off
 * @param topic       the dead-letter topic; empty when off
 */
public record DeadLetterPolicy(int maxAttempts, String topic) {

    /** No dead-lettering: messages are requeued for ever, as in nsqd. */
    public static final DeadLetterPolicy OFF = new DeadLetterPolicy(0, "");

    public static final int MAX_ATTEMPTS = 0xffff;

    public DeadLetterPolicy {
        String problem = problemWith(maxAttempts, topic);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    public boolean enabled() {
        return maxAttempts > 0;
    }

    /** Whether a message that has been delivered {@code attempts} times must not be requeued again. */
    boolean exhausted(int attempts) {
        return maxAttempts > 0 && attempts >= maxAttempts;
    }

    /**
     * What is wrong with a setting, in words an operator can act on, or {@code null}.
     */
    public static String problemWith(int maxAttempts, String topic) {
        if (maxAttempts < 0 || maxAttempts > MAX_ATTEMPTS) {
            return "max attempts must be in [0," + MAX_ATTEMPTS + "], not " + maxAttempts;
        }
        if (maxAttempts == 0) {
            return topic.isEmpty() ? null : "a dead-letter topic needs max attempts above 0";
        }
        if (topic.isEmpty()) {
            return "max attempts " + maxAttempts + " needs a dead-letter topic";
        }
        return problemWithTopic(topic);
    }

    /**
     * What is wrong with the process-wide default ({@code --dead-letter-max-attempts},
     * {@code --dead-letter-topic}), or {@code null}. The topic alone is a valid default: channels given
     * max attempts without a topic use it.
     */
    public static String problemWithDefault(int maxAttempts, String topic) {
        if (maxAttempts == 0 && !topic.isEmpty()) {
            return problemWithTopic(topic);
        }
        return problemWith(maxAttempts, topic);
    }

    /** Why {@code topic} cannot be a dead-letter topic, or {@code null}. */
    public static String problemWithTopic(String topic) {
        if (!Names.isValid(topic)) {
            return "dead-letter topic \"" + topic + "\" is not a valid topic name: 1 to 64 characters of"
                    + " [.a-zA-Z0-9_-], optionally ending in #ephemeral";
        }
        if (Names.isEphemeral(topic)) {
            return "dead-letter topic \"" + topic + "\" is ephemeral: it would drop what it holds while no"
                    + " channel reads it, and everything at a restart";
        }
        return null;
    }
}
