package dev.liverec.media.fuzz;

import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.util.Arrays;

/** A growable in-memory file for the channel-reading targets: no disk I/O per fuzz input. */
final class BytesChannel implements SeekableByteChannel {
    private byte[] data;
    private int size;
    private long position;

    BytesChannel(byte[] initial) {
        data = initial.clone();
        size = initial.length;
    }

    @Override public int read(ByteBuffer dst) {
        if (position >= size) return -1;
        int n = (int) Math.min(dst.remaining(), size - position);
        dst.put(data, (int) position, n);
        position += n;
        return n;
    }

    @Override public int write(ByteBuffer src) {
        long end = position + src.remaining();
        if (end > Integer.MAX_VALUE - 8) throw new IllegalStateException("in-memory file too large");
        if (end > data.length) data = Arrays.copyOf(data, (int) Math.max(end, data.length * 2L));
        if (position > size) Arrays.fill(data, size, (int) position, (byte) 0);
        int n = src.remaining();
        src.get(data, (int) position, n);
        position = end;
        size = Math.max(size, (int) end);
        return n;
    }

    @Override public long position() { return position; }

    @Override public SeekableByteChannel position(long newPosition) {
        if (newPosition < 0) throw new IllegalArgumentException("negative position");
        position = newPosition;
        return this;
    }

    @Override public long size() { return size; }

    @Override public SeekableByteChannel truncate(long newSize) {
        if (newSize < 0) throw new IllegalArgumentException("negative size");
        if (newSize < size) size = (int) newSize;
        if (position > newSize) position = newSize;
        return this;
    }

    @Override public boolean isOpen() { return true; }
    @Override public void close() { }
}
