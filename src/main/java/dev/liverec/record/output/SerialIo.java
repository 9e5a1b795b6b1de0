package dev.liverec.record.output;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Blocking file work of one output (writes, closes, playlist renames) run in submission order on a shared
 * executor, so the stream's event loop only queues it and never waits for it. The first failure sticks: later
 * tasks are skipped and {@link #check} throws it to the producer. Past {@link #HIGH_WATER} bytes in flight the
 * output is {@link #behind()} and its {@link Backpressure} is told (the session then pauses its publisher), and
 * again once they fell to {@link #LOW_WATER}; past {@link #MAX_PENDING} a submit fails (the output is shed, never
 * waited for). When the process's writes in total are past {@link DiskQueue#HIGH_WATER}, an output that queues
 * more is held (behind as well) until the total fell.
 */
public final class SerialIo {
    /** In flight above this: behind (8 MiB, the bound a producer used to wait at). */
    public static final long HIGH_WATER = 8L << 20;
    /** In flight at or below this: caught up again. */
    public static final long LOW_WATER = 2L << 20;
    /** A producer that goes on this far past {@link #HIGH_WATER} (nothing paused it) loses the output. */
    public static final long MAX_PENDING = 64L << 20;

    /** A piece of blocking work. */
    public interface Task {
        void run() throws IOException;
    }

    /**
     * Told when {@link #behind()} changes: on the producer's thread when it falls behind, on a write thread when
     * it caught up; signals may arrive out of order, so a listener reads {@link #behind()} when it acts. Must not block.
     */
    public interface Backpressure {
        void changed(SerialIo io);

        Backpressure NONE = io -> {};
    }

    private final Executor executor;
    private final Backpressure pressure;
    private final ConcurrentLinkedQueue<Runnable> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicLong pending = new AtomicLong();
    private final AtomicBoolean behind = new AtomicBoolean();
    private final AtomicBoolean held = new AtomicBoolean();
    private volatile IOException failure;

    public SerialIo(Executor executor) {
        this(executor, Backpressure.NONE);
    }

    public SerialIo(Executor executor, Backpressure pressure) {
        this.executor = executor;
        this.pressure = pressure;
    }

    /** Queues {@code task}, accounting {@code bytes} as in flight until it ran. Never waits. */
    public void submit(long bytes, Task task) throws IOException {
        submit(bytes, task, () -> {});
    }

    /**
     * Like {@link #submit(long, Task)}; {@code always} runs after the task, also when the task is skipped after an
     * earlier failure or refused here (it releases what the task holds: a full disk must not leak buffers).
     */
    public void submit(long bytes, Task task, Runnable always) throws IOException {
        try {
            check();
            if (bytes > 0 && pending.get() + bytes > MAX_PENDING) {
                throw new IOException("file writes " + (pending.get() >> 20) + " MiB behind: the disk does not keep up");
            }
        } catch (IOException e) {
            always.run();
            throw e;
        }
        pending.addAndGet(bytes);
        DiskQueue.queued(bytes);
        queue.add(() -> {
            try {
                if (failure == null) task.run();
            } catch (IOException e) {
                failure = e;
            } catch (RuntimeException e) {
                failure = new IOException(e);
            } finally {
                always.run();
                if (pending.addAndGet(-bytes) <= LOW_WATER && behind.compareAndSet(true, false)) pressure.changed(this);
                DiskQueue.written(bytes);
            }
        });
        drain();
        if (pending.get() > HIGH_WATER && behind.compareAndSet(false, true)) pressure.changed(this);
        if (bytes > 0 && DiskQueue.over() && held.compareAndSet(false, true)) {
            pressure.changed(this);
            DiskQueue.hold(this);
        }
    }

    /**
     * More than {@link #HIGH_WATER} bytes went in flight and they have not fallen to {@link #LOW_WATER} yet, or the
     * process's writes in total held this output.
     */
    public boolean behind() {
        return behind.get() || held.get();
    }

    /** The process's writes fell below their bound: this output goes on (unless it is behind on its own). */
    void release() {
        if (held.compareAndSet(true, false)) pressure.changed(this);
    }

    private void drain() {
        if (!draining.compareAndSet(false, true)) return;
        executor.execute(() -> {
            try {
                Runnable r;
                while ((r = queue.poll()) != null) r.run();
            } finally {
                draining.set(false);
                if (!queue.isEmpty()) drain();
            }
        });
    }

    /** Waits until everything queued ran (blocking: never on an event loop), then reports a failure. */
    public void awaitIdle() throws IOException {
        while (!queue.isEmpty() || draining.get()) {
            LockSupport.parkNanos(200_000);
            if (Thread.interrupted()) throw new InterruptedIOException("waiting for file writes");
        }
        check();
    }

    /** Throws the first failure of a queued task, if any. */
    public void check() throws IOException {
        IOException f = failure;
        if (f != null) throw new IOException("an earlier file write failed: " + f.getMessage(), f);
    }
}
