package io.jnsq.broker.v2;

import io.jnsq.protocol.error.ProtocolException;

import java.util.List;

/**
 * One decoded V2 command. Text parameters keep the client's bytes one to one (ISO-8859-1), so error
 * texts can quote them exactly as nsqd does.
 */
sealed interface Command {

    record Identify(byte[] body) implements Command {
    }

    record Auth(byte[] body) implements Command {
    }

    /** A line-only command: SUB, RDY, FIN, REQ, TOUCH, CLS, NOP or an unknown name; params[0] is the name. */
    record Line(List<String> params) implements Command {
        String name() {
            return params.get(0);
        }
    }

    /** {@code FIN} with a well-formed id: the per-message acknowledgement, decoded without a {@link Line}. */
    record Fin(long id) implements Command {
    }

    record Pub(String topic, byte[] body) implements Command {
    }

    record Dpub(String topic, long deferMillis, byte[] body) implements Command {
    }

    record Mpub(String topic, List<byte[]> bodies) implements Command {
    }

    /**
     * Input the decoder refused. {@code topicToCreate} is set for MPUB body errors: nsqd creates the
     * topic before it reads an MPUB body, so the topic exists even when the body is then refused.
     */
    record Invalid(ProtocolException error, String topicToCreate) implements Command {
    }
}
