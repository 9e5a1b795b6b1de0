package dev.liverec.control;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Deletes task rows whose window ended more than {@code retention} ago (Tencent keeps task records 3 months);
 * runs at start and then every {@code period}, on its own daemon thread.
 */
public final class TaskPurgeJob implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TaskPurgeJob.class);

    private final TaskStore tasks;
    private final Clock clock;
    private final Duration retention;
    private ScheduledExecutorService executor;

    public TaskPurgeJob(TaskStore tasks, Clock clock, Duration retention) {
        this.tasks = tasks;
        this.clock = clock;
        this.retention = retention;
    }

    /** One pass; returns the number of rows deleted. */
    public int runOnce() {
        int n = tasks.purgeEndedBefore(clock.instant().minus(retention));
        if (n > 0) LOG.info("purged {} record task(s) that ended more than {} days ago", n, retention.toDays());
        return n;
    }

    public synchronized void start(Duration period) {
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "task-purge");
            t.setDaemon(true);
            return t;
        });
        executor.scheduleWithFixedDelay(() -> {
            try {
                runOnce();
            } catch (RuntimeException e) {
                LOG.warn("task purge failed; will retry", e);
            }
        }, 0, period.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void close() {
        if (executor != null) executor.shutdownNow();
    }
}
