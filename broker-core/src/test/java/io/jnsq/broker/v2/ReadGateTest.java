package io.jnsq.broker.v2;

import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** AUTH and backpressure hold reading each on their own: the end of one never overrides the other. */
class ReadGateTest {

    @Test
    void readingResumesOnlyWhenNoReasonHoldsIt() {
        EmbeddedChannel channel = new EmbeddedChannel();
        ReadGate gate = new ReadGate(channel);
        gate.hold(ReadGate.AUTH);
        gate.hold(ReadGate.BACKPRESSURE);
        assertFalse(channel.config().isAutoRead());

        gate.release(ReadGate.BACKPRESSURE); // writable again while the auth query is still out
        assertFalse(channel.config().isAutoRead());
        gate.hold(ReadGate.BACKPRESSURE);
        gate.release(ReadGate.AUTH); // the auth answer while the client still takes no replies
        assertFalse(channel.config().isAutoRead());
        assertTrue(gate.heldFor(ReadGate.BACKPRESSURE));

        gate.release(ReadGate.BACKPRESSURE);
        assertTrue(channel.config().isAutoRead());
        assertFalse(channel.finish());
    }

    @Test
    void aClosedConnectionIsNotSetReadingAgain() {
        EmbeddedChannel channel = new EmbeddedChannel();
        ReadGate gate = new ReadGate(channel);
        gate.hold(ReadGate.BACKPRESSURE);
        channel.close();
        gate.release(ReadGate.BACKPRESSURE);
        assertFalse(channel.config().isAutoRead());
    }
}
