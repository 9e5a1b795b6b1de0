package dev.liverec.rtmp.chunk;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;

/** One reassembled RTMP message as the chunk layer sees it: header fields and the untouched payload. */
public final class RawMessage extends DefaultByteBufHolder {
    private final int chunkStreamId;
    private final int typeId;
    private final int streamId;
    private final long timestamp;

    public RawMessage(int chunkStreamId, int typeId, int streamId, long timestamp, ByteBuf payload) {
        super(payload);
        this.chunkStreamId = chunkStreamId;
        this.typeId = typeId;
        this.streamId = streamId;
        this.timestamp = timestamp & 0xFFFFFFFFL;
    }

    public int chunkStreamId() { return chunkStreamId; }
    public int typeId() { return typeId; }
    public int streamId() { return streamId; }
    /** 32-bit timestamp in ms (absolute, deltas already applied). */
    public long timestamp() { return timestamp; }

    @Override
    public RawMessage replace(ByteBuf content) {
        return new RawMessage(chunkStreamId, typeId, streamId, timestamp, content);
    }

    @Override
    public String toString() {
        return "RawMessage[cs=" + chunkStreamId + ", type=" + typeId + ", stream=" + streamId + ", ts=" + timestamp
                + ", " + content().readableBytes() + "B]";
    }
}
