package dev.liverec.media;

import io.netty.buffer.ByteBuf;

import java.io.IOException;

/**
 * Where a container writer puts its bytes. Writers do no I/O themselves: the recording layer implements this
 * over a file channel (buffering small writes); the live preview and tests use {@link MemorySink}.
 *
 * <p>Neither method changes the buffer's indexes or releases it: the writer keeps ownership, which lets it pass
 * shared packet payloads straight through without copying.
 */
public interface ByteSink {
    /** Appends the readable bytes of {@code buf}. */
    void write(ByteBuf buf) throws IOException;

    /** Bytes written so far (the offset the next {@link #write} lands at). */
    long position();

    /** Overwrites already written bytes at {@code position} (header patching); never extends the sink. */
    void writeAt(long position, ByteBuf buf) throws IOException;
}
