package dev.liverec.rtmp.message;

/** Protocol control 1: the sender's chunk size from now on (1 .. 0x7FFFFFFF). */
public record SetChunkSize(int chunkSize) implements RtmpMessage {
    @Override public int typeId() { return MessageType.SET_CHUNK_SIZE; }
}
