package dev.liverec.api.task;

import dev.liverec.api.ApiAction;
import dev.liverec.api.ApiCall;
import dev.liverec.api.ApiException;
import dev.liverec.api.Params;
import dev.liverec.control.RecordPlan;
import dev.liverec.control.RecordTask;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * liverec extension {@code DescribeRecordTaskStates}: what each of the caller's tasks is doing now —
 * {@code scheduled} (window not open), {@code recording} (a recording of the task is being written on some node),
 * {@code waiting} (window open, nothing recording: stream not live, or the per-stream limit of 3 reached),
 * {@code finished} (EndTime passed), {@code stopped} (StopRecordTask called), {@code interrupted} (window open,
 * not recording because the disk filled: {@code StateReason} says why; from {@code record_interruption}). "Recording" comes from the recording
 * engine's table of recordings in progress ({@code record_session}, one row per task × format from the first byte
 * to the file's commit, counted while its lease is current), so it holds across nodes. Unknown, deleted and other accounts' TaskIds are left out.
 */
public final class TaskStatesAction implements ApiAction {
    private static final Logger LOG = LoggerFactory.getLogger(TaskStatesAction.class);
    private static final Set<String> PARAMS = Set.of("TaskIds");
    static final int MAX_IDS = 100;

    private final RecordPlan plan;
    private final Jdbi jdbi;
    private final Clock clock;

    public TaskStatesAction(RecordPlan plan, Jdbi jdbi, Clock clock) {
        this.plan = plan;
        this.jdbi = jdbi;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "DescribeRecordTaskStates";
    }

    @Override
    public Object handle(ApiCall call) {
        Params p = call.p().allowOnly(PARAMS);
        List<String> ids = p.stringList("TaskIds");
        if (ids.isEmpty()) throw ApiException.missing("TaskIds");
        if (ids.size() > MAX_IDS) throw ApiException.invalidValue("TaskIds", "at most " + MAX_IDS + " ids");
        Instant now = clock.instant();
        List<RecordTask> tasks = new ArrayList<>();
        for (String id : new LinkedHashSet<>(ids)) {
            plan.task(id).filter(t -> t.accountId() == call.account().id() && t.deletedAt() == null).ifPresent(tasks::add);
        }
        Map<String, Active> active = activeRecordings(call.account().id(), tasks, now);
        Map<String, String> interrupted = interruptions(call.account().id(), tasks);
        List<Map<String, Object>> out = new ArrayList<>();
        for (RecordTask t : tasks) {
            Active a = active.get(t.taskId());
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("TaskId", t.taskId());
            String state = state(t, a != null, now);
            String why = interrupted.get(t.taskId());
            if (why != null && state.equals("waiting")) state = "interrupted";
            m.put("State", state);
            m.put("StateReason", state.equals("interrupted") ? why : "");
            m.put("RecordingFormats", a == null ? List.of() : List.copyOf(a.formats));
            m.put("RecordingSince", a == null ? 0 : a.since / 1000);
            out.add(m);
        }
        return Map.of("TaskStateSet", out);
    }

    static String state(RecordTask t, boolean recording, Instant now) {
        if (t.stoppedAt() != null) return "stopped";
        if (recording) return "recording";
        if (!now.isBefore(t.endTime())) return "finished";
        if (now.isBefore(t.startTime())) return "scheduled";
        return "waiting";
    }

    private record Active(Set<String> formats, long since) {}

    /** Reasons of the tasks the recording engine marked interrupted (disk full); none without the table. */
    private Map<String, String> interruptions(long accountId, List<RecordTask> tasks) {
        Map<String, String> out = new HashMap<>();
        if (tasks.isEmpty()) return out;
        try {
            jdbi.useHandle(h -> h.createQuery("SELECT task_id, reason FROM record_interruption "
                            + "WHERE account_id = :account AND task_id IN (<ids>)")
                    .bind("account", accountId)
                    .bindList("ids", tasks.stream().map(RecordTask::taskId).toList())
                    .map((rs, ctx) -> {
                        out.put(rs.getString("task_id"), rs.getString("reason"));
                        return rs.getString("task_id");
                    }).list());
        } catch (RuntimeException e) {
            LOG.debug("no task interruptions table: {}", e.toString());
        }
        return out;
    }

    /**
     * Recordings in progress of these tasks whose lease is current (a dead node's recordings stop counting when their
     * lease expires, on every node); none when the recording engine's table is not there.
     */
    private Map<String, Active> activeRecordings(long accountId, List<RecordTask> tasks, Instant now) {
        Map<String, Active> out = new HashMap<>();
        if (tasks.isEmpty()) return out;
        try {
            jdbi.useHandle(h -> h.createQuery("SELECT task_id, format, started_at FROM record_session "
                            + "WHERE account_id = :account AND task_id IN (<ids>) AND lease_until >= :now")
                    .bind("account", accountId).bind("now", now.toEpochMilli())
                    .bindList("ids", tasks.stream().map(RecordTask::taskId).toList())
                    .map((rs, ctx) -> {
                        String id = rs.getString("task_id");
                        Active a = out.computeIfAbsent(id, k -> new Active(new TreeSet<>(), Long.MAX_VALUE));
                        a.formats.add(rs.getString("format").toLowerCase(java.util.Locale.ROOT));
                        long since = rs.getLong("started_at");
                        if (since < a.since) out.put(id, new Active(a.formats, since));
                        return id;
                    }).list());
        } catch (RuntimeException e) {
            LOG.debug("no recordings-in-progress table: {}", e.toString());
        }
        return out;
    }
}
