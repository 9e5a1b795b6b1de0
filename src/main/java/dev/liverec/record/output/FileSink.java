package dev.liverec.record.output;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * Append-only file output for a container writer. Writes are gathered in a 32 KiB direct buffer of the
 * process's {@link WriteBuffers}, taken at the first write and given back once written, and handed on each time it
 * is full. Plain {@link #write} always copies: its caller may reuse the buffer (the TS muxer's scratch is one per
 * event loop). Payloads given to {@link #writeShared} (their bytes never change) are not copied: from the first one
 * on the sink <em>gathers</em> — its own bytes (tag headers, box headers) go to a 4 KiB buffer, each payload is kept
 * by reference (retained) between them, and every 32 KiB the lot is one gathering {@code write(2)} — so a FLV or
 * fMP4 recording holds 4 KiB instead of 32 KiB while it fills (issue 11: 32 MB at 1000 FLV streams) and its payload
 * bytes are copied once, by the kernel, instead of twice. With an executor, the actual
 * {@code write(2)} calls happen on a {@link SerialIo}, in order, so a slow or stalled disk never blocks the
 * stream's event loop (measured: page-cache writes on a busy machine took up to 100 ms); a queue that falls behind
 * tells its {@link SerialIo.Backpressure}. Without an executor (recovery, tools) everything is synchronous.
 * An I/O error of an asynchronous write is thrown by the next call. One owner thread at a time.
 */
public final class FileSink implements AutoCloseable, dev.liverec.media.ByteSink {
    /** Shared payloads smaller than this are copied even by a gathering sink (a segment costs more than the copy). */
    static final int BY_REFERENCE_BYTES = 256;
    /** A gathering sink hands its parts on once they hold this many bytes, */
    static final int GATHER_BYTES = 32 * 1024;
    /** or this many parts (well under the kernel's 1024 iovecs per call). */
    static final int GATHER_PARTS = 128;

    private final Path path;
    private final FileChannel channel;
    private final WriteObserver observer;
    private final SerialIo io;
    private ByteBuffer buffer; // null while nothing is gathered (asynchronous sinks give it back at each flush)
    private boolean gathering; // since the first shared payload: small own-bytes buffer, payloads by reference
    private int mark; // gathering: start of the buffer's bytes not yet cut into a part
    private final List<ByteBuffer> parts = new ArrayList<>();
    private final List<ByteBuf> held = new ArrayList<>();
    private long gathered; // bytes in parts and in the buffer, not handed on yet
    private long position;
    private long written; // channel position of the next append (io side)
    private boolean closed;

    /** Told how many bytes reached the channel and how long the write took (metrics). */
    public interface WriteObserver {
        void written(long bytes, long nanos);

        WriteObserver NONE = (b, n) -> {};
    }

    /** Opens sinks for outputs: where their writes run, who observes them, who is told when they fall behind. */
    public record Opener(WriteObserver observer, Executor executor, SerialIo.Backpressure pressure) {
        public static final Opener SYNC = new Opener(WriteObserver.NONE, null, SerialIo.Backpressure.NONE);

        /** A queue for one output's file work (null: synchronous). */
        public SerialIo serial() {
            return executor == null ? null : new SerialIo(executor, pressure);
        }

        /** A sink with its own queue. */
        public FileSink create(Path path) throws IOException {
            return FileSink.create(path, observer, serial());
        }

        /** A sink on a queue shared with other files of the same output (ordered with them). */
        public FileSink create(Path path, SerialIo io) throws IOException {
            return FileSink.create(path, observer, io);
        }
    }

    private FileSink(Path path, FileChannel channel, WriteObserver observer, SerialIo io) {
        this.path = path;
        this.channel = channel;
        this.observer = observer;
        this.io = io;
    }

    /** Creates (or truncates) {@code path}; synchronous writes. */
    public static FileSink create(Path path, WriteObserver observer) throws IOException {
        return create(path, observer, null);
    }

    /** Creates (or truncates) {@code path}; writes run on {@code io} when given. */
    public static FileSink create(Path path, WriteObserver observer, SerialIo io) throws IOException {
        FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE);
        return new FileSink(path, ch, observer, io);
    }

    /** Opens an existing file for appending (recovery), synchronous. */
    public static FileSink append(Path path, WriteObserver observer) throws IOException {
        FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileSink s = new FileSink(path, ch, observer, null);
        s.position = ch.size();
        s.written = s.position;
        return s;
    }

    public Path path() { return path; }

    /** Bytes accepted so far (buffered ones included): the offset the next byte will have in the file. */
    @Override
    public long position() { return position; }

    public void write(byte[] bytes) throws IOException {
        write(bytes, 0, bytes.length);
    }

    public void write(byte[] bytes, int off, int len) throws IOException {
        ensureOpen();
        while (len > 0) {
            if (!buffer().hasRemaining()) flush();
            int n = Math.min(len, buffer().remaining());
            buffer.put(bytes, off, n);
            off += n;
            len -= n;
            position += n;
        }
    }

    public void writeByte(int b) throws IOException {
        ensureOpen();
        if (!buffer().hasRemaining()) flush();
        buffer().put((byte) b);
        position++;
    }

    /** Writes (copies) the readable bytes of {@code buf} without changing its indexes. */
    @Override
    public void write(ByteBuf buf) throws IOException {
        write(buf, buf.readerIndex(), buf.readableBytes());
    }

    /**
     * Writes the readable bytes of a buffer whose bytes never change (a packet payload): by reference (retained
     * until written) when it is direct and not tiny, the sink gathering from then on; otherwise copied.
     */
    @Override
    public void writeShared(ByteBuf buf) throws IOException {
        int length = buf.readableBytes();
        if (length < BY_REFERENCE_BYTES || !buf.isDirect()) {
            write(buf);
            return;
        }
        ensureOpen();
        if (!gathering) {
            flush(); // what the 32 KiB buffer holds goes as it is; own bytes go to small buffers from now on
            gathering = true;
        }
        cut();
        ByteBuf ref = buf.retainedSlice(buf.readerIndex(), length); // released once written
        held.add(ref);
        for (ByteBuffer nio : ref.nioBuffers()) parts.add(nio);
        position += length;
        gathered += length;
        if (gathered >= GATHER_BYTES || parts.size() >= GATHER_PARTS) flush();
    }

    /** Gathering: the buffer's bytes since the last cut become a part. */
    private void cut() {
        if (buffer == null || buffer.position() == mark) return;
        parts.add(buffer.slice(mark, buffer.position() - mark));
        gathered += buffer.position() - mark;
        mark = buffer.position();
    }

    /** Copies {@code length} bytes of {@code buf} from {@code index}, the buffer handed on each time it is full. */
    public void write(ByteBuf buf, int index, int length) throws IOException {
        ensureOpen();
        for (int at = index, left = length; left > 0; ) {
            if (!buffer().hasRemaining()) flush();
            int n = Math.min(left, buffer().remaining());
            int limit = buffer.limit();
            buffer.limit(buffer.position() + n); // getBytes fills to the limit and advances the position
            buf.getBytes(at, buffer);
            buffer.limit(limit);
            position += n;
            at += n;
            left -= n;
        }
    }

    /** Overwrites bytes already written at {@code pos} (header patching); never extends the file. */
    @Override
    public void writeAt(long pos, ByteBuf buf) throws IOException {
        ensureOpen();
        int len = buf.readableBytes();
        if (pos < 0 || pos + len > position) throw new IOException("writeAt " + pos + "+" + len + " past the end " + position);
        flush();
        ByteBuf copy = io == null ? buf : Unpooled.copiedBuffer(buf); // the caller may reuse buf at once
        SerialIo.Task t = () -> {
            long at = pos;
            for (ByteBuffer nio : copy.nioBuffers(copy.readerIndex(), len)) {
                while (nio.hasRemaining()) at += channel.write(nio, at);
            }
        };
        if (io == null) t.run();
        else io.submit(len, t, copy::release);
    }

    /** Hands buffered bytes on to be written (no fsync). */
    public void flush() throws IOException {
        if (io != null) io.check();
        if (gathering) {
            handOnParts();
            return;
        }
        if (buffer == null || buffer.position() == 0) return;
        ByteBuffer full = buffer;
        full.flip();
        if (io == null) {
            writeBuffer(full);
            full.clear();
            return;
        }
        buffer = null;
        io.submit(full.remaining(), () -> writeBuffer(full), () -> WriteBuffers.give(full));
    }

    /** Gathering: one gathering write of the parts; the payloads and the small buffer are let go once it ran. */
    private void handOnParts() throws IOException {
        cut();
        if (parts.isEmpty()) return;
        ByteBuffer[] nio = parts.toArray(new ByteBuffer[0]);
        ByteBuf[] refs = held.toArray(new ByteBuf[0]);
        ByteBuffer own = buffer;
        long bytes = gathered;
        parts.clear();
        held.clear();
        gathered = 0;
        buffer = null;
        mark = 0;
        Runnable release = () -> {
            for (ByteBuf r : refs) r.release();
            if (own != null) WriteBuffers.give(own);
        };
        if (io != null) {
            io.submit(bytes, () -> writeParts(nio, bytes), release);
            return;
        }
        try {
            writeParts(nio, bytes);
        } finally {
            release.run();
        }
    }

    private void writeParts(ByteBuffer[] nio, long bytes) throws IOException {
        long t0 = System.nanoTime();
        channel.position(written);
        long n = 0;
        for (int first = 0; n < bytes; ) {
            n += channel.write(nio, first, nio.length - first);
            while (first < nio.length && !nio[first].hasRemaining()) first++;
        }
        written += n;
        observer.written(n, System.nanoTime() - t0);
    }

    private ByteBuffer buffer() {
        if (buffer == null) buffer = gathering ? WriteBuffers.takeSmall() : WriteBuffers.take();
        return buffer;
    }

    /** A synchronous sink keeps its buffer until it is closed; payloads not handed on are let go with it. */
    private void giveBufferBack() {
        for (ByteBuf r : held) r.release();
        held.clear();
        parts.clear();
        gathered = 0;
        mark = 0;
        if (buffer == null) return;
        WriteBuffers.give(buffer);
        buffer = null;
    }

    private void writeBuffer(ByteBuffer b) throws IOException {
        long t0 = System.nanoTime();
        int n = 0;
        while (b.hasRemaining()) n += channel.write(b, written + n);
        written += n;
        observer.written(n, System.nanoTime() - t0);
    }

    /** Flushes, waits for every write and forces the bytes to disk (blocking: call off the event loop). */
    public void sync() throws IOException {
        flush();
        if (io != null) io.awaitIdle();
        channel.force(false);
    }

    public boolean isClosed() { return closed; }

    @Override
    public void close() throws IOException {
        if (closed) return;
        closed = true;
        try {
            flush();
            if (io != null) io.awaitIdle();
        } finally {
            giveBufferBack();
            channel.close();
        }
    }

    /**
     * Gives the file up after an error without waiting for queued writes (never blocks; recovery completes the
     * file): what is buffered is still handed on when the queue takes it, then the channel closes.
     */
    public void abandon() {
        if (closed) return;
        try {
            flush();
            closed = true;
            if (io == null) {
                giveBufferBack();
                channel.close();
            } else {
                io.submit(0, channel::close);
            }
        } catch (IOException e) {
            closed = true;
            giveBufferBack(); // never in flight: a flush hands it on only when the queue takes it
            try {
                channel.close(); // the queue failed: nothing of it writes any more
            } catch (IOException ignored) {
                // nothing more to give up
            }
        }
    }

    /** Closes once the queued writes are done, without waiting for them (the queue's failure tells). */
    public void closeAsync() throws IOException {
        if (io == null) {
            close();
            return;
        }
        if (closed) return;
        flush();
        closed = true;
        io.submit(0, channel::close);
    }

    private void ensureOpen() throws IOException {
        if (closed) throw new IOException("sink closed: " + path);
        if (io != null) io.check();
    }
}
