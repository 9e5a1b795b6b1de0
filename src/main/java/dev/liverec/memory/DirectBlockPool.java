package dev.liverec.memory;

import io.netty.util.internal.PlatformDependent;

import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Direct buffers of one size, shared by the whole process and reused. Every block has the same size, so the C
 * allocator behind {@link ByteBuffer#allocateDirect} hands the same chunks back and forth instead of fragmenting its
 * arenas the way one allocation per media frame of every size did (issue 11: ~100 MB of RSS in malloc arenas beyond
 * the live direct bytes at 300 streams). At most {@code maxIdle} blocks wait idle; more are freed at once, so a burst
 * gives its memory back.
 */
public final class DirectBlockPool {
    private final int blockBytes;
    private final int maxIdle;
    private final ConcurrentLinkedQueue<ByteBuffer> idle = new ConcurrentLinkedQueue<>();
    private final AtomicInteger idleCount = new AtomicInteger();
    private final AtomicLong allocated = new AtomicLong();

    public DirectBlockPool(int blockBytes, int maxIdle) {
        this.blockBytes = blockBytes;
        this.maxIdle = maxIdle;
    }

    public int blockBytes() { return blockBytes; }

    public int maxIdle() { return maxIdle; }

    /** A cleared block: an idle one, or a new one. */
    public ByteBuffer take() {
        ByteBuffer b = idle.poll();
        if (b != null) {
            idleCount.decrementAndGet();
            return b;
        }
        allocated.addAndGet(blockBytes);
        return ByteBuffer.allocateDirect(blockBytes);
    }

    /** Gives a block of this pool back; nothing may use it afterwards. */
    public void give(ByteBuffer b) {
        b.clear();
        if (idleCount.incrementAndGet() <= maxIdle) {
            idle.offer(b);
            return;
        }
        idleCount.decrementAndGet();
        allocated.addAndGet(-blockBytes);
        PlatformDependent.freeDirectBuffer(b);
    }

    /** Direct bytes of this pool's blocks: in use and idle. */
    public long allocatedBytes() { return allocated.get(); }

    /** Direct bytes of idle blocks. */
    public long idleBytes() { return (long) idleCount.get() * blockBytes; }
}
