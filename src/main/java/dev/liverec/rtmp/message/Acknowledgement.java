package dev.liverec.rtmp.message;

/** Protocol control 3: bytes received so far (32-bit, wraps). */
public record Acknowledgement(long sequenceNumber) implements RtmpMessage {
    @Override public int typeId() { return MessageType.ACKNOWLEDGEMENT; }
}
