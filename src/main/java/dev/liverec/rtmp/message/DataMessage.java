package dev.liverec.rtmp.message;

import java.util.List;

/** An AMF data message (type 18, or 15 with a leading format byte), e.g. {@code @setDataFrame onMetaData {...}}. */
public record DataMessage(int streamId, long timestamp, List<Object> values) implements RtmpMessage {
    public DataMessage {
        values = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(values));
    }

    @Override public int typeId() { return MessageType.DATA_AMF0; }

    @Override public int chunkStreamId() { return 5; }
}
