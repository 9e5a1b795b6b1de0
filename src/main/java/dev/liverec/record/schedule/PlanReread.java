package dev.liverec.record.schedule;

import dev.liverec.stream.LiveStream;
import dev.liverec.stream.StreamHub;
import dev.liverec.control.RecordPlan;
import dev.liverec.control.RecordTask;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The periodic re-read of the control plane, for what no event here told: tasks created on other nodes, windows
 * that opened (started when their stream is live here, else counted as waiting), windows about to open (timers),
 * tasks stopped elsewhere. Runs on the scheduler thread (blocks on the plan).
 */
final class PlanReread {
    /** How far ahead a window opening gets its timer. */
    static final long HORIZON_SECONDS = 30;

    private final RecordPlan plan;
    private final StreamHub hub;

    PlanReread(RecordPlan plan, StreamHub hub) {
        this.plan = plan;
        this.hub = hub;
    }

    /**
     * @param start       starts a task in its window on its live stream (offered oldest first)
     * @param timer       sets the timer of a window about to open
     * @param stopped     stops a task stopped on another node
     * @return how many tasks are in their window while their stream is not live here
     */
    int run(Instant now, SessionTable table, BiConsumer<RecordTask, LiveStream> start, Consumer<RecordTask> timer,
            Consumer<String> stopped) {
        List<RecordTask> open = plan.tasksOpenOrUpcoming(now, HORIZON_SECONDS);
        Set<String> seen = new HashSet<>();
        int notLive = 0;
        for (RecordTask t : open) {
            seen.add(t.taskId());
            if (t.canStartAt(now)) {
                LiveStream stream = hub.find(t.stream()).orElse(null);
                if (stream == null) notLive++;
                else start.accept(t, stream); // the list is oldest first already
            } else if (now.isBefore(t.startTime())) {
                timer.accept(t);
            }
        }
        for (OwnerSessions r : table.all()) {
            if (r.task == null || seen.contains(r.ownerId)) continue;
            plan.task(r.ownerId).ifPresent(t -> {
                if (t.stoppedAt() != null) stopped.accept(t.taskId());
            });
        }
        return notLive;
    }
}
