package dev.liverec.record.schedule;

import dev.liverec.stream.LiveStream;
import dev.liverec.control.RecordTask;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

/**
 * Which task may start recording a publish: one not stopped here, in its window, of the stream's account, not
 * recording it yet, while fewer than {@link #MAX_TASKS_PER_STREAM} tasks record it (the caller offers tasks oldest
 * first, so which ones record never depends on the order events arrive in). Confined to the scheduler thread.
 */
final class TaskAdmission {
    static final int MAX_TASKS_PER_STREAM = 3;

    enum Verdict { ADMIT, SKIP, REFUSE }

    /** {@code taskId@publishSequence} of tasks refused for the limit (reported once per publish). */
    private final Set<String> refused = new HashSet<>();
    private final Set<String> stopped = new HashSet<>();

    /** REFUSE only the first time a task is turned away from a publish for the limit; SKIP after. */
    Verdict admit(RecordTask task, LiveStream stream, Instant now, SessionTable table) {
        if (stopped.contains(task.taskId()) || stream.isEnded()) return Verdict.SKIP;
        if (!task.canStartAt(now)) return Verdict.SKIP;
        if (stream.accountId() != 0 && stream.accountId() != task.accountId()) return Verdict.SKIP;
        if (table.running(stream, task.taskId())) return Verdict.SKIP;
        if (table.tasksOn(stream) < MAX_TASKS_PER_STREAM) return Verdict.ADMIT;
        return refused.add(task.taskId() + "@" + stream.sequence()) ? Verdict.REFUSE : Verdict.SKIP;
    }

    /** StopRecordTask: the task never starts again here. */
    void stop(String taskId) {
        stopped.add(taskId);
    }

    boolean isStopped(String taskId) {
        return stopped.contains(taskId);
    }

    void publishEnded(LiveStream stream) {
        refused.removeIf(k -> k.endsWith("@" + stream.sequence()));
    }

    int refusedCount() {
        return refused.size();
    }
}
