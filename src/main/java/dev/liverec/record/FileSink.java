package dev.liverec.record;

import io.netty.buffer.ByteBuf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Append-only file output for a container writer. Small writes are gathered in one direct buffer and written in
 * 64 KiB chunks (page-cache writes of that size take microseconds, so this runs on the stream's event loop);
 * payloads larger than the buffer go straight from the packet's own memory to the channel, without a copy.
 * Not thread-safe: one owner at a time.
 */
public final class FileSink implements AutoCloseable, dev.liverec.media.ByteSink {
    static final int BUFFER_BYTES = 64 * 1024;

    private final Path path;
    private final FileChannel channel;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER_BYTES);
    private final WriteObserver observer;
    private long position;
    private boolean closed;

    /** Told how many bytes reached the channel and how long the write took (metrics). */
    public interface WriteObserver {
        void written(long bytes, long nanos);

        WriteObserver NONE = (b, n) -> {};
    }

    private FileSink(Path path, FileChannel channel, WriteObserver observer) {
        this.path = path;
        this.channel = channel;
        this.observer = observer;
    }

    /** Creates (or truncates) {@code path}. */
    public static FileSink create(Path path, WriteObserver observer) throws IOException {
        FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE);
        return new FileSink(path, ch, observer);
    }

    /** Opens an existing file for appending (HLS resume, recovery). */
    public static FileSink append(Path path, WriteObserver observer) throws IOException {
        FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileSink s = new FileSink(path, ch, observer);
        s.position = ch.size();
        ch.position(s.position);
        return s;
    }

    public Path path() { return path; }

    /** Bytes accepted so far (buffered ones included): the offset the next byte will have in the file. */
    public long position() { return position; }

    public void write(byte[] bytes) throws IOException {
        write(bytes, 0, bytes.length);
    }

    public void write(byte[] bytes, int off, int len) throws IOException {
        ensureOpen();
        while (len > 0) {
            if (!buffer.hasRemaining()) flush();
            int n = Math.min(len, buffer.remaining());
            buffer.put(bytes, off, n);
            off += n;
            len -= n;
            position += n;
        }
    }

    public void writeByte(int b) throws IOException {
        ensureOpen();
        if (!buffer.hasRemaining()) flush();
        buffer.put((byte) b);
        position++;
    }

    /** Writes the readable bytes of {@code buf} without changing its indexes. */
    public void write(ByteBuf buf) throws IOException {
        write(buf, buf.readerIndex(), buf.readableBytes());
    }

    public void write(ByteBuf buf, int index, int length) throws IOException {
        ensureOpen();
        if (length <= buffer.remaining()) {
            buf.getBytes(index, buffer.duplicate().position(buffer.position()).limit(buffer.position() + length));
            buffer.position(buffer.position() + length);
            position += length;
            return;
        }
        flush();
        if (length < BUFFER_BYTES / 2) {
            write(buf, index, length);
            return;
        }
        long t0 = System.nanoTime();
        int done = 0;
        for (ByteBuffer nio : buf.nioBuffers(index, length)) {
            while (nio.hasRemaining()) done += channel.write(nio);
        }
        position += length;
        observer.written(done, System.nanoTime() - t0);
    }

    /** Overwrites bytes already written at {@code pos} (header patching); never extends the file. */
    public void writeAt(long pos, ByteBuf buf) throws IOException {
        ensureOpen();
        int len = buf.readableBytes();
        if (pos < 0 || pos + len > position) throw new IOException("writeAt " + pos + "+" + len + " past the end " + position);
        flush();
        long at = pos;
        for (ByteBuffer nio : buf.nioBuffers(buf.readerIndex(), len)) {
            while (nio.hasRemaining()) at += channel.write(nio, at);
        }
    }

    /** Hands buffered bytes to the OS (no fsync). */
    public void flush() throws IOException {
        if (buffer.position() == 0) return;
        long t0 = System.nanoTime();
        buffer.flip();
        int n = 0;
        while (buffer.hasRemaining()) n += channel.write(buffer);
        buffer.clear();
        observer.written(n, System.nanoTime() - t0);
    }

    /** Flushes and forces the bytes to disk (blocking: call off the event loop). */
    public void sync() throws IOException {
        flush();
        channel.force(false);
    }

    public boolean isClosed() { return closed; }

    @Override
    public void close() throws IOException {
        if (closed) return;
        closed = true;
        try {
            flush();
        } finally {
            channel.close();
        }
    }

    private void ensureOpen() throws IOException {
        if (closed) throw new IOException("sink closed: " + path);
    }
}
