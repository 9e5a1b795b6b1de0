package dev.liverec.rtmp.handshake;

/** User event fired when the handshake is done; {@code digestScheme} is -1 for a plain handshake. */
public record HandshakeCompleted(int digestScheme) {}
