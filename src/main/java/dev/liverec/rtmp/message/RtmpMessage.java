package dev.liverec.rtmp.message;

/** A decoded RTMP message. Implementations are immutable; those carrying a buffer are reference counted. */
public interface RtmpMessage {
    /** RTMP message type id (see {@link MessageType}). */
    int typeId();

    /** Message stream id (0 for protocol control and NetConnection commands). */
    default int streamId() { return 0; }

    /** Chunk stream the encoder sends this message on. */
    default int chunkStreamId() { return 2; }

    /** 32-bit message timestamp in ms. */
    default long timestamp() { return 0; }
}
