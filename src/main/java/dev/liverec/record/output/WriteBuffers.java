package dev.liverec.record.output;

import io.netty.util.internal.PlatformDependent;

import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The direct buffers every {@link FileSink} of the process gathers small writes in, and the bytes queued for
 * {@code write(2)} ({@link SerialIo}). One pool for the process because direct memory is the process's: a sink
 * takes a buffer at its first write and gives it back once its bytes are written, so a stream holds at most the one
 * it is filling plus what is in flight, and a finished HLS segment leaves nothing behind. At most
 * {@link #MAX_IDLE} buffers wait idle; more are freed at once rather than left for the garbage collector (issue 11:
 * per-sink spares that only grew held ~240 MB of direct memory at 200 FLV streams).
 */
public final class WriteBuffers {
    static final int BUFFER_BYTES = 64 * 1024;
    /** Idle buffers kept for reuse (4 MiB). */
    static final int MAX_IDLE = 64;

    private static final ConcurrentLinkedQueue<ByteBuffer> IDLE = new ConcurrentLinkedQueue<>();
    private static final AtomicInteger IDLE_COUNT = new AtomicInteger();
    private static final AtomicLong ALLOCATED = new AtomicLong();
    private static final AtomicLong QUEUED = new AtomicLong();

    private WriteBuffers() {}

    static ByteBuffer take() {
        ByteBuffer b = IDLE.poll();
        if (b != null) {
            IDLE_COUNT.decrementAndGet();
            return b;
        }
        ALLOCATED.addAndGet(BUFFER_BYTES);
        return ByteBuffer.allocateDirect(BUFFER_BYTES);
    }

    static void give(ByteBuffer b) {
        b.clear();
        if (IDLE_COUNT.incrementAndGet() <= MAX_IDLE) {
            IDLE.offer(b);
            return;
        }
        IDLE_COUNT.decrementAndGet();
        ALLOCATED.addAndGet(-BUFFER_BYTES);
        PlatformDependent.freeDirectBuffer(b);
    }

    static void queued(long bytes) {
        QUEUED.addAndGet(bytes);
    }

    /** Direct bytes of the write buffers: in use, in flight and idle. */
    public static long allocatedBytes() { return ALLOCATED.get(); }

    /** Bytes handed to {@link SerialIo} and not written yet (buffers and payloads passed by reference). */
    public static long queuedBytes() { return QUEUED.get(); }
}
