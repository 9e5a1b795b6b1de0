package dev.liverec.rtmp.chunk;

/**
 * The protocol control message types the chunk layer applies itself (RTMP specification 1.0, section 5.4), and the
 * chunk stream they travel on. The message layer names every type in {@code message.MessageType}, from these.
 */
public final class ProtocolControl {
    private ProtocolControl() {}

    public static final int SET_CHUNK_SIZE = 1;
    public static final int ABORT = 2;
    public static final int ACKNOWLEDGEMENT = 3;
    public static final int WINDOW_ACK_SIZE = 5;
    /** Protocol control messages use chunk stream 2 and message stream 0. */
    public static final int CHUNK_STREAM = 2;
}
