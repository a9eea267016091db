package io.jnsq.broker.v2;

import io.jnsq.broker.config.BrokerConfig;
import io.jnsq.broker.config.ClientConfig;

/**
 * A connection's negotiated settings: nsqd's defaults until IDENTIFY, then the client's choices once
 * validated against the server's limits. Immutable; IDENTIFY replaces the whole value.
 *
 * @param heartbeatMillis          -1 when heartbeats are disabled
 * @param outputBufferSize         bytes of messages gathered before a flush (1: flush every message)
 * @param outputBufferTimeoutMillis longest wait before buffered messages are flushed (0: no timed flush)
 */
record ClientSettings(long heartbeatMillis, int outputBufferSize, long outputBufferTimeoutMillis,
                      int sampleRate, long msgTimeoutMillis) {

    static final int DEFAULT_OUTPUT_BUFFER_SIZE = 16 * 1024;

    static ClientSettings defaults(BrokerConfig config) {
        return new ClientSettings(config.clients().defaultHeartbeatInterval().toMillis(), DEFAULT_OUTPUT_BUFFER_SIZE,
                config.clients().outputBufferTimeout().toMillis(), 0, config.messages().msgTimeout().toMillis());
    }

    boolean heartbeatsEnabled() {
        return heartbeatMillis > 0;
    }

    /**
     * These settings changed as IDENTIFY asks, in nsqd's order of checks.
     *
     * @throws IllegalArgumentException with nsqd's text (e.g. {@code heartbeat interval (999) is invalid})
     */
    ClientSettings identify(IdentifyRequest request, BrokerConfig config) {
        ClientConfig limits = config.clients();
        long heartbeat = heartbeatMillis;
        long requestedHeartbeat = IdentifyRequest.orZero(request.heartbeatInterval());
        if (requestedHeartbeat == -1) {
            heartbeat = -1;
        } else if (requestedHeartbeat != 0) {
            if (requestedHeartbeat < 1000 || requestedHeartbeat > limits.maxHeartbeatInterval().toMillis()) {
                throw new IllegalArgumentException("heartbeat interval (" + requestedHeartbeat + ") is invalid");
            }
            heartbeat = requestedHeartbeat;
        }

        long timeout = outputBufferTimeoutMillis;
        long requestedTimeout = IdentifyRequest.orZero(request.outputBufferTimeout());
        if (requestedTimeout == -1) {
            timeout = 0;
        } else if (requestedTimeout != 0) {
            if (requestedTimeout < limits.minOutputBufferTimeout().toMillis()
                    || requestedTimeout > limits.maxOutputBufferTimeout().toMillis()) {
                throw new IllegalArgumentException("output buffer timeout (" + requestedTimeout + ") is invalid");
            }
            timeout = requestedTimeout;
        }

        int size = outputBufferSize;
        long requestedSize = IdentifyRequest.orZero(request.outputBufferSize());
        if (requestedSize == -1) {
            size = 1;
            timeout = 0;
        } else if (requestedSize != 0) {
            if (requestedSize < 64 || requestedSize > limits.maxOutputBufferSize()) {
                throw new IllegalArgumentException("output buffer size (" + requestedSize + ") is invalid");
            }
            size = (int) requestedSize;
        }

        int rate = request.sampleRate() == null ? 0 : request.sampleRate();
        if (rate < 0 || rate > 99) {
            throw new IllegalArgumentException("sample rate (" + rate + ") is invalid");
        }

        long msgTimeout = msgTimeoutMillis;
        long requestedMsgTimeout = IdentifyRequest.orZero(request.msgTimeout());
        if (requestedMsgTimeout != 0) {
            if (requestedMsgTimeout < 1000 || requestedMsgTimeout > config.messages().maxMsgTimeout().toMillis()) {
                throw new IllegalArgumentException("msg timeout (" + requestedMsgTimeout + ") is invalid");
            }
            msgTimeout = requestedMsgTimeout;
        }
        return new ClientSettings(heartbeat, size, timeout, rate, msgTimeout);
    }
}
