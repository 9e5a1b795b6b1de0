package dev.liverec.rtmp.chunk;

import dev.liverec.memory.DirectBlockPool;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.buffer.UnpooledUnsafeDirectByteBuf;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Packs one connection's message payloads of up to 32 KiB (audio frames, video frames) one after the other into 32 KiB
 * blocks of a process-wide {@link DirectBlockPool}. A payload is a slice of its block sharing the block's reference
 * count, so the block goes back to the pool when the last payload in it is released; a stream's GOP cache releases
 * its payloads in the order they arrived, so blocks are freed in order and hold about one block of bytes that are
 * no longer needed. Two blocks are open at a time, so the tail a video frame did not fit in still takes the audio
 * frames that follow (one open block left ~20 % of each block unused with 8 KB frames). Before, each payload was a direct buffer of its own: one malloc of a different size
 * per frame, a Cleaner and four wrapper objects (issue 11: malloc arenas grew ~100 MB past the live bytes at 300
 * streams, and those objects were a third of the heap garbage). Larger payloads keep a buffer of their own.
 * One owner thread (the connection's event loop); blocks may be released from any thread.
 */
public final class PayloadBlocks {
    static final int BLOCK_BYTES = DirectBlockPool.SHARED_BLOCK_BYTES;
    /** Payloads up to a block are packed (a keyframe at 2 Mbit/s is 20 – 33 KB); larger ones get their own buffer. */
    static final int MAX_PACKED = BLOCK_BYTES;
    private static final DirectBlockPool POOL = DirectBlockPool.SHARED;
    private static final AtomicLong IN_USE = new AtomicLong();

    private Block older; // filled up to olderUsed: still takes payloads that fit its tail (audio frames)
    private int olderUsed;
    private Block newer;
    private int newerUsed;

    /** An empty buffer of exactly {@code length} bytes of capacity ({@code length <= MAX_PACKED}). */
    ByteBuf allocate(int length) {
        if (older != null && BLOCK_BYTES - olderUsed >= length) {
            ByteBuf slice = older.retainedSlice(olderUsed, length).clear();
            olderUsed += length;
            return slice;
        }
        if (newer == null || BLOCK_BYTES - newerUsed < length) {
            Block fresh = new Block(POOL.take()); // first: if the direct limit refuses it, nothing has moved
            IN_USE.addAndGet(BLOCK_BYTES);
            if (older != null) older.release(); // the packer's own reference: the payloads keep it alive
            older = newer;
            olderUsed = newerUsed;
            newer = fresh;
            newerUsed = 0;
        }
        ByteBuf slice = newer.retainedSlice(newerUsed, length).clear();
        newerUsed += length;
        return slice;
    }

    /**
     * A video keyframe arrived: later payloads go to new blocks, so that the blocks of the GOP before it hold none
     * of the new GOP's payloads and are freed whole when the GOP cache lets that GOP go.
     */
    void startGop() {
        if (older != null) older.release();
        if (newer != null) newer.release();
        older = newer = null;
    }

    /** Gives up the blocks being filled (the connection closed). */
    void close() {
        startGop();
    }

    /** Direct bytes of the payload blocks in use in the process (idle ones are the pool's). */
    public static long inUseBytes() { return IN_USE.get(); }

    /** A pooled block as a buffer: freeing it gives the memory back to the pool. */
    private static final class Block extends UnpooledUnsafeDirectByteBuf {
        private final ByteBuffer memory;

        Block(ByteBuffer memory) {
            super(UnpooledByteBufAllocator.DEFAULT, memory, memory.capacity()); // wraps without taking ownership
            this.memory = memory;
        }

        @Override
        protected void deallocate() {
            super.deallocate();
            IN_USE.addAndGet(-BLOCK_BYTES);
            POOL.give(memory);
        }
    }
}
