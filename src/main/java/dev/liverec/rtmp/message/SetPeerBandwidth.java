package dev.liverec.rtmp.message;

/** Protocol control 6: limit the peer's output bandwidth (limit type 0 hard, 1 soft, 2 dynamic). */
public record SetPeerBandwidth(long windowSize, int limitType) implements RtmpMessage {
    public static final int DYNAMIC = 2;

    @Override public int typeId() { return MessageType.SET_PEER_BANDWIDTH; }
}
