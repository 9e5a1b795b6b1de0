package dev.liverec.rtmp.message;

/** Protocol control 2: drop the partly received message on a chunk stream. */
public record Abort(int abortedChunkStreamId) implements RtmpMessage {
    @Override public int typeId() { return MessageType.ABORT; }
}
