package dev.liverec.rtmp.message;

/**
 * User control event (type 4): stream begin/EOF/dry (value = stream id), set buffer length (stream id, ms),
 * ping request/response (value = timestamp).
 */
public record UserControl(int event, long value, long extra) implements RtmpMessage {
    public static final int STREAM_BEGIN = 0;
    public static final int STREAM_EOF = 1;
    public static final int STREAM_DRY = 2;
    public static final int SET_BUFFER_LENGTH = 3;
    public static final int STREAM_IS_RECORDED = 4;
    public static final int PING_REQUEST = 6;
    public static final int PING_RESPONSE = 7;

    public static UserControl streamBegin(int streamId) { return new UserControl(STREAM_BEGIN, streamId, 0); }
    public static UserControl pingRequest(long ts) { return new UserControl(PING_REQUEST, ts, 0); }
    public static UserControl pingResponse(long ts) { return new UserControl(PING_RESPONSE, ts, 0); }

    @Override public int typeId() { return MessageType.USER_CONTROL; }
}
