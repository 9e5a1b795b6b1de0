package dev.liverec.memory;

import io.netty.util.internal.PlatformDependent;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Direct buffers of one size, shared by the whole process and reused. Every block has the same size, so the C
 * allocator behind them hands the same chunks back and forth instead of fragmenting its arenas the way one
 * allocation per media frame of every size did (issue 11: ~100 MB of RSS in malloc arenas beyond the live direct
 * bytes at 300 streams).
 *
 * <p>Blocks given back wait idle for the next taker; what stayed idle through a whole {@code trimMillis} period
 * (the fewest idle blocks seen in it) is surplus and freed at the end of it, so the pool keeps what the load swings
 * by and gives a burst back within two periods. A bound at a fixed count freed and allocated again all the time:
 * at 1000 FLV streams GOP caches let ~8000 blocks a second go and take as many, and allocating (zeroing, a Cleaner,
 * direct-memory accounting) was a quarter of the event loops' CPU. {@code maxIdle} still caps the idle blocks (the
 * shared pool: 1/16 of the direct limit, at most 128 MiB).
 */
public final class DirectBlockPool {
    private static final List<DirectBlockPool> POOLS = new CopyOnWriteArrayList<>(); // first: SHARED registers in it
    /** The 32 KiB blocks media payloads are packed in and file writes gathered in: one pool, so either reuses the other's. */
    public static final int SHARED_BLOCK_BYTES = 32 * 1024;
    public static final DirectBlockPool SHARED = new DirectBlockPool(SHARED_BLOCK_BYTES,
            (int) Math.min(4096, PlatformDependent.maxDirectMemory() / 16 / SHARED_BLOCK_BYTES), 1000);

    private final int blockBytes;
    private final int maxIdle;
    private final long trimNanos;
    private final ConcurrentLinkedQueue<ByteBuffer> idle = new ConcurrentLinkedQueue<>();
    private final AtomicInteger idleCount = new AtomicInteger();
    /** The fewest idle blocks since the last trim: those were not needed in the period. */
    private final AtomicInteger idleLow = new AtomicInteger();
    private final AtomicLong nextTrim;
    private final AtomicLong allocated = new AtomicLong();

    public DirectBlockPool(int blockBytes, int maxIdle, long trimMillis) {
        this.blockBytes = blockBytes;
        this.maxIdle = maxIdle;
        this.trimNanos = trimMillis * 1_000_000;
        this.nextTrim = new AtomicLong(System.nanoTime() + trimNanos);
        POOLS.add(this);
    }

    /** {@link #trimIfDue} of every pool of the process (the memory check's timer, when nothing moves). */
    public static void trimAll() {
        for (DirectBlockPool p : POOLS) p.trimIfDue();
    }

    /** {@link #releaseIdle} of every pool of the process (memory pressure). */
    public static void releaseAllIdle() {
        for (DirectBlockPool p : POOLS) p.releaseIdle();
    }

    public int blockBytes() { return blockBytes; }

    public int maxIdle() { return maxIdle; }

    /** A cleared block: an idle one, or a new one. */
    public ByteBuffer take() {
        ByteBuffer b = idle.poll();
        if (b == null) {
            idleLow.set(0);
            trimIfDue();
            allocated.addAndGet(blockBytes);
            return ByteBuffer.allocateDirect(blockBytes);
        }
        int n = idleCount.decrementAndGet();
        idleLow.accumulateAndGet(n, Math::min);
        trimIfDue();
        return b;
    }

    /** Gives a block of this pool back; nothing may use it afterwards. */
    public void give(ByteBuffer b) {
        b.clear();
        if (idleCount.incrementAndGet() <= maxIdle) {
            idle.offer(b);
            trimIfDue();
            return;
        }
        idleCount.decrementAndGet();
        free(b);
    }

    /**
     * Frees the blocks that stayed idle through the period that ended, once per period, by whoever sees it end:
     * takers and givers, and the memory check's timer when nothing moves.
     */
    public void trimIfDue() {
        long due = nextTrim.get();
        long now = System.nanoTime();
        if (now - due < 0 || !nextTrim.compareAndSet(due, now + trimNanos)) return;
        int surplus = idleLow.getAndSet(Math.max(0, idleCount.get()));
        for (int i = 0; i < surplus; i++) {
            ByteBuffer b = idle.poll();
            if (b == null) break;
            idleCount.decrementAndGet();
            free(b);
        }
        idleLow.accumulateAndGet(Math.max(0, idleCount.get()), Math::min);
    }

    /** Frees every idle block now (memory pressure). */
    public void releaseIdle() {
        ByteBuffer b;
        while ((b = idle.poll()) != null) {
            idleCount.decrementAndGet();
            free(b);
        }
        idleLow.set(0);
    }

    private void free(ByteBuffer b) {
        allocated.addAndGet(-blockBytes);
        PlatformDependent.freeDirectBuffer(b);
    }

    /** Direct bytes of this pool's blocks: in use and idle. */
    public long allocatedBytes() { return allocated.get(); }

    /** Direct bytes of idle blocks. */
    public long idleBytes() { return (long) Math.max(0, idleCount.get()) * blockBytes; }
}
