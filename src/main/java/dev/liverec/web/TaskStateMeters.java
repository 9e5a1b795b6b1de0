package dev.liverec.web;

import dev.liverec.control.RecordPlan;
import dev.liverec.control.RecordTask;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code liverec_record_tasks{state="scheduled"}}: record tasks whose window has not opened yet. The recording engine
 * exports the other states of the same series (running, waiting, refused) from its scheduler; this one comes from
 * the control plane's {@link RecordPlan}, counted every {@link #REFRESH_MS} on a worker thread (the plan reads the
 * database) so a scrape never waits on the database.
 */
public final class TaskStateMeters {
    private static final Logger LOG = LoggerFactory.getLogger(TaskStateMeters.class);
    static final long REFRESH_MS = 10_000;
    /** CreateRecordTask accepts an EndTime at most 7 days ahead; a week covers every task not yet started. */
    static final long HORIZON_SECONDS = 7 * 24 * 3600;

    private final RecordPlan plan;
    private final Clock clock;
    private final AtomicLong scheduled = new AtomicLong();

    TaskStateMeters(RecordPlan plan, Clock clock) {
        this.plan = plan;
        this.clock = clock;
    }

    /** Registers the meter and starts refreshing it; closing the result stops the refresh. */
    public static AutoCloseable start(RecordPlan plan, Clock clock, Vertx vertx, MeterRegistry registry) {
        TaskStateMeters m = new TaskStateMeters(plan, clock);
        m.bindTo(registry);
        vertx.executeBlocking(() -> { m.refresh(); return null; }, false);
        long timer = vertx.setPeriodic(REFRESH_MS, id -> vertx.executeBlocking(() -> { m.refresh(); return null; }, false));
        return () -> vertx.cancelTimer(timer);
    }

    void bindTo(MeterRegistry registry) {
        Gauge.builder("liverec.record.tasks", scheduled, AtomicLong::get).tag("state", "scheduled")
                .description("Record tasks by state").register(registry);
    }

    void refresh() {
        try {
            Instant now = clock.instant();
            long n = 0;
            for (RecordTask t : plan.tasksOpenOrUpcoming(now, HORIZON_SECONDS)) {
                if (now.isBefore(t.startTime())) n++;
            }
            scheduled.set(n);
        } catch (RuntimeException e) {
            LOG.warn("counting scheduled record tasks failed: {}", e.toString());
        }
    }

    long scheduled() {
        return scheduled.get();
    }
}
