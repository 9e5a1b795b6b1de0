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
 * executor, so the stream's event loop only queues it. The first failure sticks: later tasks are skipped and
 * {@link #check} throws it to the producer. Past {@link #MAX_PENDING} bytes in flight the producer waits
 * (backpressure from a disk that cannot keep up).
 */
public final class SerialIo {
    static final long MAX_PENDING = 8L << 20;

    /** A piece of blocking work. */
    public interface Task {
        void run() throws IOException;
    }

    private final Executor executor;
    private final ConcurrentLinkedQueue<Runnable> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicLong pending = new AtomicLong();
    private volatile IOException failure;

    public SerialIo(Executor executor) {
        this.executor = executor;
    }

    /** Queues {@code task}, accounting {@code bytes} as in flight until it ran. */
    public void submit(long bytes, Task task) throws IOException {
        check();
        pending.addAndGet(bytes);
        queue.add(() -> {
            try {
                if (failure == null) task.run();
            } catch (IOException e) {
                failure = e;
            } catch (RuntimeException e) {
                failure = new IOException(e);
            } finally {
                pending.addAndGet(-bytes);
            }
        });
        drain();
        if (pending.get() > MAX_PENDING) awaitIdle();
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

    /** Waits until everything queued ran (blocking), then reports a failure. */
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
