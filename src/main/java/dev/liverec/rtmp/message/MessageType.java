package dev.liverec.rtmp.message;

import dev.liverec.rtmp.chunk.ProtocolControl;

/** RTMP message type ids (RTMP specification 1.0, sections 5.4, 6 and 7). */
public final class MessageType {
    private MessageType() {}

    public static final int SET_CHUNK_SIZE = ProtocolControl.SET_CHUNK_SIZE;
    public static final int ABORT = ProtocolControl.ABORT;
    public static final int ACKNOWLEDGEMENT = ProtocolControl.ACKNOWLEDGEMENT;
    public static final int USER_CONTROL = 4;
    public static final int WINDOW_ACK_SIZE = ProtocolControl.WINDOW_ACK_SIZE;
    public static final int SET_PEER_BANDWIDTH = 6;
    public static final int AUDIO = 8;
    public static final int VIDEO = 9;
    public static final int DATA_AMF3 = 15;
    public static final int SHARED_OBJECT_AMF3 = 16;
    public static final int COMMAND_AMF3 = 17;
    public static final int DATA_AMF0 = 18;
    public static final int SHARED_OBJECT_AMF0 = 19;
    public static final int COMMAND_AMF0 = 20;
    public static final int AGGREGATE = 22;
}
