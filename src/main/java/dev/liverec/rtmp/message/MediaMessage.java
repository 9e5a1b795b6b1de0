package dev.liverec.rtmp.message;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;

/** An audio (8) or video (9) message: an FLV tag body, 32-bit timestamp. Holds one reference to its payload. */
public final class MediaMessage extends DefaultByteBufHolder implements RtmpMessage {
    private final int typeId;
    private final int streamId;
    private final long timestamp;

    public MediaMessage(int typeId, int streamId, long timestamp, ByteBuf payload) {
        super(payload);
        if (typeId != MessageType.AUDIO && typeId != MessageType.VIDEO) throw new IllegalArgumentException("type " + typeId);
        this.typeId = typeId;
        this.streamId = streamId;
        this.timestamp = timestamp;
    }

    public boolean isVideo() { return typeId == MessageType.VIDEO; }

    @Override public int typeId() { return typeId; }
    @Override public int streamId() { return streamId; }
    @Override public long timestamp() { return timestamp; }
    @Override public int chunkStreamId() { return typeId == MessageType.AUDIO ? 4 : 6; }

    @Override
    public MediaMessage replace(ByteBuf content) {
        return new MediaMessage(typeId, streamId, timestamp, content);
    }

    @Override
    public String toString() {
        return (isVideo() ? "Video" : "Audio") + "[stream=" + streamId + ", ts=" + timestamp + ", " + content().readableBytes() + "B]";
    }
}
