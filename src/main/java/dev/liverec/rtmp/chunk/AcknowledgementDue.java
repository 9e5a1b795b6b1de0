package dev.liverec.rtmp.chunk;

/**
 * User event from {@link ChunkDecoder}: the peer's acknowledgement window is full, so the layer above should send an
 * Acknowledgement of {@code sequenceNumber} bytes received (32 bits, wrapping).
 */
public record AcknowledgementDue(long sequenceNumber) {}
