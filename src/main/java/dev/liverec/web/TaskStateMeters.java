package dev.liverec.web;

import dev.liverec.server.ServerContext;
import dev.liverec.stream.StreamHub;
import dev.liverec.task.RecordPlan;
import dev.liverec.task.RecordTask;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code liverec_record_tasks{state}}: the record tasks that are not over, by state: {@code scheduled} (window
 * not open yet), {@code waiting} (window open, stream not live on this node), {@code live} (window open and the
 * stream is live here). Counted from the control plane's {@link RecordPlan} every {@link #REFRESH_MS} on a worker
 * thread (the plan reads the database), so a scrape never waits on the database.
 */
final class TaskStateMeters {
    private static final Logger LOG = LoggerFactory.getLogger(TaskStateMeters.class);
    static final long REFRESH_MS = 10_000;
    /** CreateRecordTask accepts an EndTime at most 7 days ahead; a week covers every task not yet over. */
    static final long HORIZON_SECONDS = 7 * 24 * 3600;

    enum State { SCHEDULED, WAITING, LIVE }

    private final RecordPlan plan;
    private final StreamHub hub;
    private final Clock clock;
    private final Map<State, AtomicLong> counts = new EnumMap<>(State.class);

    TaskStateMeters(RecordPlan plan, StreamHub hub, Clock clock) {
        this.plan = plan;
        this.hub = hub;
        this.clock = clock;
        for (State s : State.values()) counts.put(s, new AtomicLong());
    }

    /** Starts the meters when the control plane published its plan; without one there are no tasks to count. */
    static void start(ServerContext ctx) {
        RecordPlan plan = ctx.optionalService(RecordPlan.class).orElse(null);
        if (plan == null) {
            LOG.info("no record plan published: liverec_record_tasks not exported");
            return;
        }
        TaskStateMeters m = new TaskStateMeters(plan, ctx.hub(), ctx.clock());
        m.bindTo(ctx.metrics());
        m.refresh();
        long timer = ctx.vertx().setPeriodic(REFRESH_MS, id ->
                ctx.vertx().executeBlocking(() -> { m.refresh(); return null; }, false));
        ctx.onClose(() -> ctx.vertx().cancelTimer(timer));
    }

    void bindTo(MeterRegistry registry) {
        for (State s : State.values()) {
            Gauge.builder("liverec.record.tasks", counts.get(s), AtomicLong::get)
                    .tag("state", s.name().toLowerCase(Locale.ROOT))
                    .description("Record tasks not over yet, by state").register(registry);
        }
    }

    void refresh() {
        try {
            Instant now = clock.instant();
            List<RecordTask> tasks = plan.tasksOpenOrUpcoming(now, HORIZON_SECONDS);
            Map<State, Long> n = new EnumMap<>(State.class);
            for (RecordTask t : tasks) n.merge(stateOf(t, now), 1L, Long::sum);
            for (State s : State.values()) counts.get(s).set(n.getOrDefault(s, 0L));
        } catch (RuntimeException e) {
            LOG.warn("counting record tasks failed: {}", e.toString());
        }
    }

    State stateOf(RecordTask t, Instant now) {
        if (now.isBefore(t.startTime())) return State.SCHEDULED;
        return hub.find(t.stream()).isPresent() ? State.LIVE : State.WAITING;
    }
}
