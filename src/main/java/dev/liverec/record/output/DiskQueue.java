package dev.liverec.record.output;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes every output of the process has queued for {@code write(2)} ({@link SerialIo}), and their one bound.
 * Each output also has its own ({@link SerialIo#HIGH_WATER}), but hundreds of outputs each under theirs still
 * add up: when the disk stalls (HLS at 500 streams: ~250 file creates and renames a second) 112 MB waited in direct
 * memory (issue 11). Past {@link #HIGH_WATER} in total, every output that queues more is held (its session pauses
 * its publisher, so the bytes wait in the kernel's socket buffers and the encoder, not in this process), and all of
 * them are let go once the total fell to {@link #LOW_WATER}: writers wait on the disk, not on memory.
 */
public final class DiskQueue {
    /** Queued in total above this: outputs that queue more are held. 32 MiB is ~0.4 s of 300 streams at 2 Mbit/s. */
    public static final long HIGH_WATER = 32L << 20;
    /** Queued in total at or below this: every held output goes on. */
    public static final long LOW_WATER = 16L << 20;

    private static final AtomicLong QUEUED = new AtomicLong();
    private static final AtomicBoolean OVER = new AtomicBoolean();
    private static final ConcurrentLinkedQueue<SerialIo> HELD = new ConcurrentLinkedQueue<>();
    private static final AtomicLong HOLDS = new AtomicLong();

    private DiskQueue() {}

    static void queued(long bytes) {
        if (QUEUED.addAndGet(bytes) > HIGH_WATER) OVER.set(true);
    }

    static void written(long bytes) {
        if (QUEUED.addAndGet(-bytes) <= LOW_WATER && OVER.compareAndSet(true, false)) releaseAll();
    }

    /** The total is past its bound and has not fallen to {@link #LOW_WATER} yet. */
    static boolean over() {
        return OVER.get();
    }

    /** {@code io} holds its producer until the total fell (it is let go at once if that happened meanwhile). */
    static void hold(SerialIo io) {
        HOLDS.incrementAndGet();
        HELD.add(io);
        if (!OVER.get()) releaseAll();
    }

    private static void releaseAll() {
        SerialIo io;
        while ((io = HELD.poll()) != null) io.release();
    }

    /** Bytes handed to {@link SerialIo} and not written yet (buffers and payloads passed by reference). */
    public static long queuedBytes() { return QUEUED.get(); }

    /** Outputs held so far because the total was past its bound. */
    public static long holds() { return HOLDS.get(); }
}
