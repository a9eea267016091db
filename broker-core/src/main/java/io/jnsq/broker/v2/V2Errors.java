package io.jnsq.broker.v2;

import io.jnsq.protocol.error.ErrorCode;
import io.jnsq.protocol.error.ProtocolException;

/**
 * Every V2 error text in one place, worded exactly as nsqd words them. Texts that carry the client's
 * bytes (names, ids, unparsable numbers, quoted or not) are byte strings: one char per byte, as the
 * decoder read them, so the frame gives the client its own bytes back (see
 * {@link ProtocolException#ofBytes}).
 */
final class V2Errors {

    private V2Errors() {
    }

    static ProtocolException invalidCommand(String name) {
        return ProtocolException.ofBytes(ErrorCode.E_INVALID, "invalid command " + name);
    }

    static ProtocolException wrongState(String command) {
        return ProtocolException.ofBytes(ErrorCode.E_INVALID, "cannot " + command + " in current state");
    }

    static ProtocolException insufficientParameters(String command) {
        return new ProtocolException(ErrorCode.E_INVALID, command + " insufficient number of parameters");
    }

    /** FIN, REQ and TOUCH say "params", the others "parameters". */
    static ProtocolException insufficientParams(String command) {
        return new ProtocolException(ErrorCode.E_INVALID, command + " insufficient number of params");
    }

    static ProtocolException badTopic(String command, String topic) {
        return ProtocolException.ofBytes(ErrorCode.E_BAD_TOPIC, command + " topic name " + GoQuote.quote(topic) + " is not valid");
    }

    /** nsqd's MPUB repeats the code inside the description. */
    static ProtocolException badMpubTopic(String topic) {
        return ProtocolException.ofBytes(ErrorCode.E_BAD_TOPIC, "E_BAD_TOPIC MPUB topic name " + GoQuote.quote(topic) + " is not valid");
    }

    static ProtocolException badChannel(String command, String channel) {
        return ProtocolException.ofBytes(ErrorCode.E_BAD_CHANNEL, command + " channel name " + GoQuote.quote(channel) + " is not valid");
    }

    static ProtocolException bodyTooBig(String command, long size, long max) {
        return new ProtocolException(ErrorCode.E_BAD_BODY, command + " body too big " + size + " > " + max);
    }

    static ProtocolException invalidBodySize(String command, long size) {
        return new ProtocolException(ErrorCode.E_BAD_BODY, command + " invalid body size " + size);
    }

    static ProtocolException invalidMessageBodySize(String command, long size) {
        return new ProtocolException(ErrorCode.E_BAD_MESSAGE, command + " invalid message body size " + size);
    }

    static ProtocolException messageTooBig(String command, long size, long max) {
        return new ProtocolException(ErrorCode.E_BAD_MESSAGE, command + " message too big " + size + " > " + max);
    }

    static ProtocolException invalidMpubCount(long count) {
        return new ProtocolException(ErrorCode.E_BAD_BODY, "MPUB invalid message count " + count);
    }

    static ProtocolException invalidMpubMessageSize(int index, long size) {
        return new ProtocolException(ErrorCode.E_BAD_MESSAGE, "MPUB invalid message(" + index + ") body size " + size);
    }

    static ProtocolException unparsableTimeout(String command, String raw) {
        return ProtocolException.ofBytes(ErrorCode.E_INVALID, command + " could not parse timeout " + raw);
    }

    static ProtocolException dpubTimeoutOutOfRange(long millis, long maxMillis) {
        return new ProtocolException(ErrorCode.E_INVALID, "DPUB timeout " + millis + " out of range 0-" + maxMillis);
    }

    static ProtocolException unparsableRdy(String raw) {
        return ProtocolException.ofBytes(ErrorCode.E_INVALID, "RDY could not parse count " + raw);
    }

    static ProtocolException rdyOutOfRange(long count, long max) {
        return new ProtocolException(ErrorCode.E_INVALID, "RDY count " + count + " out of range 0-" + max);
    }

    static ProtocolException invalidMessageId() {
        return new ProtocolException(ErrorCode.E_INVALID, "invalid message ID");
    }

    static ProtocolException subWithoutHeartbeats() {
        return new ProtocolException(ErrorCode.E_INVALID, "cannot SUB with heartbeats disabled");
    }

    static ProtocolException identifyUndecodable() {
        return new ProtocolException(ErrorCode.E_BAD_BODY, "IDENTIFY failed to decode JSON body");
    }

    static ProtocolException identifyInvalid(String reason) {
        return new ProtocolException(ErrorCode.E_BAD_BODY, "IDENTIFY " + reason);
    }

    static ProtocolException authParameters() {
        return new ProtocolException(ErrorCode.E_INVALID, "AUTH invalid number of parameters");
    }

    static ProtocolException authDisabled() {
        return new ProtocolException(ErrorCode.E_AUTH_DISABLED, "AUTH disabled");
    }

    static ProtocolException subFailed(String reason) {
        return new ProtocolException(ErrorCode.E_SUB_FAILED, "SUB failed " + reason);
    }

    static ProtocolException publishFailed(ErrorCode code, String command, String reason) {
        return new ProtocolException(code, command + " failed " + reason);
    }

    static ProtocolException messageOperationFailed(ErrorCode code, String command, String id, String reason) {
        return ProtocolException.ofBytes(code, command + " " + id + " failed " + reason);
    }

    static ProtocolException tlsRequired(String command) {
        return ProtocolException.ofBytes(ErrorCode.E_INVALID, "cannot " + command + " in current state (TLS required)");
    }

    static ProtocolException bothCompressions() {
        return new ProtocolException(ErrorCode.E_IDENTIFY_FAILED, "cannot enable both deflate and snappy compression");
    }

    static ProtocolException identifyFailed(String reason) {
        return new ProtocolException(ErrorCode.E_IDENTIFY_FAILED, "IDENTIFY failed " + reason);
    }

    static ProtocolException authAlreadySet() {
        return new ProtocolException(ErrorCode.E_INVALID, "AUTH already set");
    }

    /** The auth server's own error is only logged: it is no business of an untrusted client. */
    static ProtocolException authFailed() {
        return new ProtocolException(ErrorCode.E_AUTH_FAILED, "AUTH failed");
    }

    static ProtocolException noAuthorizations() {
        return new ProtocolException(ErrorCode.E_UNAUTHORIZED, "AUTH no authorizations found");
    }

    static ProtocolException authFirst(String command) {
        return ProtocolException.ofBytes(ErrorCode.E_AUTH_FIRST, "AUTH required before " + command);
    }

    static ProtocolException unauthorized(String command, String topic, String channel) {
        return ProtocolException.ofBytes(ErrorCode.E_UNAUTHORIZED,
                "AUTH failed for " + command + " on " + GoQuote.quote(topic) + " " + GoQuote.quote(channel));
    }

    static ProtocolException authError(String reason) {
        return new ProtocolException(ErrorCode.E_AUTH_ERROR, "AUTH error " + reason);
    }
}
