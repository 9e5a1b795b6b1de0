package dev.liverec.rtmp.message;

import java.util.List;

/**
 * An AMF command (type 20, or 17 whose body is AMF0 after a leading format byte): name, transaction id, then the
 * command object and arguments as decoded AMF0 values.
 */
public record CommandMessage(int streamId, String name, double transactionId, List<Object> arguments)
        implements RtmpMessage {
    public CommandMessage {
        arguments = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(arguments));
    }

    @Override public int typeId() { return MessageType.COMMAND_AMF0; }

    @Override public int chunkStreamId() { return streamId == 0 ? 3 : 5; }

    /** The argument at {@code i}, or null when absent. */
    public Object argument(int i) {
        return i < arguments.size() ? arguments.get(i) : null;
    }
}
