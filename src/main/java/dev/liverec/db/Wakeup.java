package dev.liverec.db;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The sleep of a polling background thread that others can cut short: {@link #signal()} after new work is
 * committed, and the poller's next (or current) {@link #await} returns at once instead of waiting out its period.
 */
public final class Wakeup {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition condition = lock.newCondition();
    private boolean signalled;

    public void signal() {
        lock.lock();
        try {
            signalled = true;
            condition.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until signalled (or a signal that came since the last await) or {@code millis} pass.
     *
     * @return false if the thread was interrupted (its interrupt flag is set again): the poller should stop
     */
    public boolean await(long millis) {
        lock.lock();
        try {
            if (!signalled) condition.await(millis, TimeUnit.MILLISECONDS);
            signalled = false;
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }
}
