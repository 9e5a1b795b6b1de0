package dev.liverec.rtmp.message;

import io.netty.handler.codec.DecoderException;

/** A message body that does not parse; the connection is closed. */
public final class MessageException extends DecoderException {
    public MessageException(String message) {
        super(message);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
