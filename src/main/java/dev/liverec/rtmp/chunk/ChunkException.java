package dev.liverec.rtmp.chunk;

import io.netty.handler.codec.DecoderException;

/** The peer broke the chunk stream protocol or a limit; the connection is closed. */
public final class ChunkException extends DecoderException {
    public ChunkException(String message) {
        super(message);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this; // a protocol verdict, not a bug: no stack trace to log
    }
}
