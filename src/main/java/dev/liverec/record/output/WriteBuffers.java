package dev.liverec.record.output;

import dev.liverec.memory.DirectBlockPool;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The direct buffers every {@link FileSink} of the process gathers small writes in: 32 KiB ones (the blocks of
 * {@link DirectBlockPool#SHARED}) and 4 KiB ones for a gathering sink's own bytes. Pooled for the process because
 * direct memory is the process's: a sink takes a buffer at its first write and gives it back once its bytes are
 * written, so a stream holds at most the one it is filling plus what is in flight, and a finished HLS segment leaves
 * nothing behind (issue 11: per-sink spares that only grew held ~240 MB of direct memory at 200 FLV streams). 32 KiB:
 * a HLS segment holds one while it gathers, so the size is a per-stream cost (64 KiB was 19 MB at 300 streams), and
 * each full one is a {@code write(2)}, whose fixed cost dominates below that (16 KiB buffers: 4x the calls, +0.02
 * CPU-s per stream-minute at 300 FLV streams).
 */
public final class WriteBuffers {
    /** The shared pool's block size. */
    static final int BUFFER_BYTES = DirectBlockPool.SHARED_BLOCK_BYTES;

    /** A gathering sink's own bytes (tag and box headers between payloads passed by reference). */
    static final int SMALL_BYTES = 4 * 1024;

    private static final DirectBlockPool POOL = DirectBlockPool.SHARED;
    private static final DirectBlockPool SMALL = new DirectBlockPool(SMALL_BYTES, 1024, 1000);
    private static final AtomicLong IN_USE = new AtomicLong();

    private WriteBuffers() {}

    static ByteBuffer take() {
        ByteBuffer b = POOL.take();
        IN_USE.addAndGet(BUFFER_BYTES);
        return b;
    }

    static ByteBuffer takeSmall() {
        ByteBuffer b = SMALL.take();
        IN_USE.addAndGet(SMALL_BYTES);
        return b;
    }

    /** Gives a buffer of either size back. */
    static void give(ByteBuffer b) {
        IN_USE.addAndGet(-b.capacity());
        (b.capacity() == SMALL_BYTES ? SMALL : POOL).give(b);
    }


    /** Direct bytes of the write buffers in use, both sizes: filling and in flight (idle 32 KiB ones are the pool's). */
    public static long inUseBytes() { return IN_USE.get(); }
}
