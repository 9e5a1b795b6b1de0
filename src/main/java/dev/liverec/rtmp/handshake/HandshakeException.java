package dev.liverec.rtmp.handshake;

import io.netty.handler.codec.DecoderException;

/** The peer's handshake is not RTMP (wrong version byte, RTMPE) or timed out. */
public final class HandshakeException extends DecoderException {
    public HandshakeException(String message) {
        super(message);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
