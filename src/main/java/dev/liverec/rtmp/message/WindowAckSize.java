package dev.liverec.rtmp.message;

/** Protocol control 5: acknowledge every {@code windowSize} bytes received. */
public record WindowAckSize(long windowSize) implements RtmpMessage {
    @Override public int typeId() { return MessageType.WINDOW_ACK_SIZE; }
}
