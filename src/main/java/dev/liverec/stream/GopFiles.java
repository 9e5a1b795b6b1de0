package dev.liverec.stream;

import dev.liverec.media.MediaPacket;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Where the node's GOP caches keep their payload bytes: each live stream's cached GOP goes to a file of its own,
 * rewritten from its start at every keyframe, so the kernel's page cache holds the bytes, not the process — the
 * way Kafka keeps its log (issue 11: the GOP caches were the largest term of a node's footprint, ~300 KB per
 * 2 Mbit/s stream, and a page-cache page can be written back and dropped under pressure, a process's cannot).
 * A file is unlinked as soon as it is open: nothing is left to clean after a crash, and its dirty pages are
 * rewritten in place each GOP, so the disk sees each file about once per writeback period (30 s by default).
 *
 * <p>A cache hands its payloads on in batches of {@link #BATCH_BYTES}, by reference; one thread for the node
 * writes each batch with one gathering {@code write(2)} (never an event loop: a stalled disk must not stall
 * ingest) and then lets its payloads go. Past {@link #maxInFlightBytes} queued for that thread in total (the disk
 * does not keep up), caches drop their GOP instead of queueing more: a joining reader then waits for the next
 * keyframe, and no recording is touched.
 */
public final class GopFiles implements AutoCloseable {
    static final Logger LOG = LoggerFactory.getLogger(GopFiles.class);
    /** A cache's payloads are handed on once they hold this many bytes (about four a second at 2 Mbit/s). */
    static final int BATCH_BYTES = 64 * 1024;

    private final Path dir;
    private final long maxInFlightBytes;
    private final ExecutorService writer;
    private final AtomicLong inFlight = new AtomicLong();
    private final LongAdder memoryBytes = new LongAdder();
    private final LongAdder dropped = new LongAdder();

    public GopFiles(Path dir, long maxInFlightBytes) throws IOException {
        this.dir = Files.createDirectories(dir);
        try (var stale = Files.newDirectoryStream(dir, "gop-*.bin")) { // a crash between create and unlink
            for (Path p : stale) Files.deleteIfExists(p);
        }
        this.maxInFlightBytes = maxInFlightBytes;
        this.writer = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "liverec-gop-files");
            t.setDaemon(true);
            return t;
        });
    }

    /** A new, empty file for one stream's GOP (already unlinked). */
    GopFile open() throws IOException {
        Path p = Files.createTempFile(dir, "gop-", ".bin");
        try {
            return new GopFile(FileChannel.open(p, StandardOpenOption.READ, StandardOpenOption.WRITE));
        } finally {
            Files.deleteIfExists(p);
        }
    }

    /** Payload bytes of GOP caches still in memory: batches being filled or waiting to be written. */
    public long memoryBytes() { return memoryBytes.sum(); }

    /** Bytes queued for the writer thread. */
    public long inFlightBytes() { return inFlight.get(); }

    /** GOPs dropped because the writes were too far behind. */
    public long droppedGops() { return dropped.sum(); }

    boolean congested() {
        return inFlight.get() > maxInFlightBytes;
    }

    void countDropped() { dropped.increment(); }

    @Override
    public void close() throws InterruptedException {
        writer.shutdown(); // the writes queued still run (and let their payloads go); later ones are let go unwritten
        if (!writer.awaitTermination(5, TimeUnit.SECONDS)) writer.shutdownNow();
    }

    /** Payloads of one cache, from {@link #offset} of its file on, held until they are written. */
    final class Batch {
        final long offset;
        private final List<MediaPacket> packets = new ArrayList<>();
        private int bytes;
        private boolean gone; // written or lost; guarded by this
        private boolean written; // guarded by this

        Batch(long offset) { this.offset = offset; }

        /** The cache's thread: the batch keeps {@code p}'s reference. Returns its index in the batch. */
        synchronized int add(MediaPacket p) {
            packets.add(p);
            bytes += p.size();
            memoryBytes.add(p.size());
            return packets.size() - 1;
        }

        int bytes() { return bytes; }

        /**
         * Retained copies of the payloads while they are not written yet (the caller releases them), else null.
         * @throws IOException the batch was let go without being written: the file lacks it
         */
        synchronized List<MediaPacket> pin() throws IOException {
            if (gone && !written) throw new IOException("a batch of the GOP was not written");
            if (gone) return null;
            List<MediaPacket> copy = new ArrayList<>(packets);
            for (MediaPacket p : copy) p.retain();
            return copy;
        }

        /** Written to the file, or given up ({@code written} false): the payloads go. */
        synchronized void letGo(boolean written) {
            if (gone) return;
            gone = true;
            this.written = written;
            for (MediaPacket p : packets) p.release();
            packets.clear();
            memoryBytes.add(-bytes);
        }
    }

    /** One stream's GOP file. Written by the node's writer thread, read by the stream's event loop. */
    final class GopFile implements AutoCloseable {
        private final FileChannel channel;
        private volatile IOException failure;

        private GopFile(FileChannel channel) { this.channel = channel; }

        /** The first write that failed, if any (the cache then keeps its GOP in memory). */
        IOException failure() { return failure; }

        /** Queues {@code b} for the writer thread; it lets the payloads go once written. */
        void write(Batch b) {
            int bytes = b.bytes();
            inFlight.addAndGet(bytes);
            try {
                writer.execute(() -> {
                    boolean written = false;
                    try {
                        if (failure == null && channel.isOpen()) {
                            writeNow(b);
                            written = true;
                        }
                    } catch (IOException e) {
                        if (failure == null) LOG.warn("GOP cache file: write failed ({}); the stream's GOPs stay in memory", e.toString());
                        failure = e;
                    } finally {
                        b.letGo(written);
                        inFlight.addAndGet(-bytes);
                    }
                });
            } catch (RuntimeException e) { // the node is stopping
                b.letGo(false);
                inFlight.addAndGet(-bytes);
            }
        }

        private void writeNow(Batch b) throws IOException {
            List<MediaPacket> list;
            synchronized (b) {
                list = new ArrayList<>(b.packets);
            }
            List<ByteBuffer> parts = new ArrayList<>(list.size());
            for (MediaPacket p : list) {
                ByteBuf payload = p.payload();
                for (ByteBuffer nio : payload.nioBuffers(payload.readerIndex(), payload.readableBytes())) parts.add(nio);
            }
            ByteBuffer[] nio = parts.toArray(new ByteBuffer[0]);
            channel.position(b.offset);
            long left = b.bytes();
            for (int first = 0; left > 0; ) {
                left -= channel.write(nio, first, nio.length - first);
                while (first < nio.length && !nio[first].hasRemaining()) first++;
            }
        }

        /** The file's bytes [0, length) in a new direct buffer (the caller releases it). Blocking, page cache. */
        ByteBuf read(int length) throws IOException {
            ByteBuf buf = UnpooledByteBufAllocator.DEFAULT.directBuffer(length, length);
            try {
                ByteBuffer nio = buf.nioBuffer(0, length);
                while (nio.hasRemaining()) {
                    if (channel.read(nio, nio.position()) < 0) throw new IOException("GOP cache file shorter than " + length);
                }
                buf.writerIndex(length);
                return buf;
            } catch (IOException | RuntimeException e) {
                buf.release();
                throw e;
            }
        }

        /** Closes once the writes queued before ran (never blocks). */
        @Override
        public void close() {
            try {
                writer.execute(this::closeNow);
            } catch (RuntimeException e) {
                closeNow();
            }
        }

        private void closeNow() {
            try {
                channel.close();
            } catch (IOException ignored) {
                // an unlinked file: nothing to keep
            }
        }
    }
}
