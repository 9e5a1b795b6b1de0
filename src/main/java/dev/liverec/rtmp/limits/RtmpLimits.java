package dev.liverec.rtmp.limits;

/**
 * The limits and fixed defaults of the RTMP layer in one place (like Netty's {@code MqttConstant}). A leaf package:
 * every RTMP layer may read it without depending on a layer above it. What an operator may change
 * ({@code maxMessageBytes}, {@code maxChunkStreams}, timeouts) has its default in {@code config.RtmpConfig}.
 */
public final class RtmpLimits {
    private RtmpLimits() {}

    // chunk layer (RTMP 1.0 section 5.3)
    /** Chunk size of both directions until a Set Chunk Size says otherwise. */
    public static final int DEFAULT_CHUNK_SIZE = 128;
    /** Largest chunk size Set Chunk Size can express (31 bits). */
    public static final int MAX_CHUNK_SIZE = 0x7FFFFFFF;
    /** Partial messages of all chunk streams together may hold this many times the message limit. */
    public static final int PENDING_MESSAGES_FACTOR = 2;
    /** First allocation for a message being reassembled; it grows up to the message length. */
    public static final int INITIAL_MESSAGE_CAPACITY = 64 * 1024;

    // AMF0
    /** Nesting depth of objects and arrays that the AMF0 reader follows. */
    public static final int AMF0_MAX_DEPTH = 32;

    // the server session
    /** Window Acknowledgement Size and peer bandwidth the server announces on connect. */
    public static final long SERVER_WINDOW_ACK_SIZE = 2_500_000;
    /** The server's outgoing chunk size, announced on connect. */
    public static final int SERVER_CHUNK_SIZE = 4096;
    /** Longest app or stream name accepted for a publish. */
    public static final int MAX_NAME_LENGTH = 256;

    // the test/bench publisher
    /** The publisher's outgoing chunk size. */
    public static final int CLIENT_CHUNK_SIZE = 4096;
    /** Largest message the publisher accepts from a server. */
    public static final int CLIENT_MAX_MESSAGE_BYTES = 16 * 1024 * 1024;
    /** Chunk streams the publisher accepts from a server. */
    public static final int CLIENT_MAX_CHUNK_STREAMS = 64;
}
