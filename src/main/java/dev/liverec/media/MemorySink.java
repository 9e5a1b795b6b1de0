package dev.liverec.media;

import io.netty.buffer.ByteBuf;

import java.util.Arrays;

/** A {@link ByteSink} in a growing heap array: the live preview's per-packet output, and tests. */
public final class MemorySink implements ByteSink {
    private byte[] data;
    private int size;

    public MemorySink() {
        this(64 * 1024);
    }

    public MemorySink(int initialCapacity) {
        data = new byte[Math.max(16, initialCapacity)];
    }

    @Override
    public void write(ByteBuf buf) {
        int n = buf.readableBytes();
        if (size + n > data.length) data = Arrays.copyOf(data, Math.max(size + n, data.length * 2));
        buf.getBytes(buf.readerIndex(), data, size, n);
        size += n;
    }

    @Override
    public long position() {
        return size;
    }

    @Override
    public void writeAt(long position, ByteBuf buf) {
        int n = buf.readableBytes();
        if (position < 0 || position + n > size) throw new IndexOutOfBoundsException("writeAt past the end: " + position);
        buf.getBytes(buf.readerIndex(), data, (int) position, n);
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(data, size);
    }

    public int size() {
        return size;
    }

    /** Forgets the content (reuse for the next segment). */
    public void reset() {
        size = 0;
    }
}
