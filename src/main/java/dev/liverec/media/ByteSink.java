package dev.liverec.media;

import io.netty.buffer.ByteBuf;

import java.io.IOException;

/**
 * Where a container writer puts its bytes. Writers do no I/O themselves: the recording layer implements this
 * over a file channel (buffering small writes); the live preview and tests use {@link MemorySink}.
 *
 * <p>No method changes the buffer's indexes or releases it: the writer keeps ownership. {@link #write} is done with
 * the bytes when it returns (the writer may reuse the buffer at once); {@link #writeShared} is for bytes that never
 * change (packet payloads), which the sink may keep by reference instead of copying.
 */
public interface ByteSink {
    /** Appends the readable bytes of {@code buf}; the caller may change or reuse it as soon as this returns. */
    void write(ByteBuf buf) throws IOException;

    /** Appends the readable bytes of {@code buf}, which never change (a packet payload): may be kept by reference. */
    default void writeShared(ByteBuf buf) throws IOException {
        write(buf);
    }

    /** Bytes written so far (the offset the next {@link #write} lands at). */
    long position();

    /** Overwrites already written bytes at {@code position} (header patching); never extends the sink. */
    void writeAt(long position, ByteBuf buf) throws IOException;
}
