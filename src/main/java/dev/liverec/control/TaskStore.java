package dev.liverec.control;

import dev.liverec.control.ControlFailure.Reason;
import dev.liverec.stream.StreamKey;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.Query;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Record tasks in table {@code record_task}. Stop and delete are marks; rows go when the purge job runs. */
public final class TaskStore {
    private static final String COLUMNS = "task_id, account_id, domain_name, app_name, stream_name, start_time,"
            + " end_time, template_id, stream_type, extension, created_at, stopped_at, deleted_at";
    private static final RowMapper<RecordTask> MAPPER = (rs, ctx) -> new RecordTask(
            rs.getString("task_id"), rs.getLong("account_id"),
            new StreamKey(rs.getString("domain_name"), rs.getString("app_name"), rs.getString("stream_name")),
            Instant.ofEpochSecond(rs.getLong("start_time")), Instant.ofEpochSecond(rs.getLong("end_time")),
            rs.getLong("template_id"), rs.getInt("stream_type"), rs.getString("extension"),
            Instant.ofEpochMilli(rs.getLong("created_at")), optInstant(rs.getObject("stopped_at")),
            optInstant(rs.getObject("deleted_at")));

    private final ControlDb db;
    private final OpenTaskBudget budget = new OpenTaskBudget(1_000_000_000L);

    public TaskStore(ControlDb db) {
        this.db = db;
    }

    private static Instant optInstant(Object millis) {
        return millis == null ? null : Instant.ofEpochMilli(((Number) millis).longValue());
    }

    /**
     * Inserts {@code task} unless its account already has {@code maxOpen} open tasks (not stopped, not deleted,
     * not yet ended at {@code now}): then {@code LimitExceeded.MaximumRunningTask} (see {@link OpenTaskBudget}).
     */
    public RecordTask create(RecordTask task, int maxOpen, Instant now) {
        budget.admit(task.accountId(), maxOpen, () -> countOpen(task.accountId(), now, maxOpen));
        boolean stored = false;
        try {
            db.statement(h -> {
                h.createUpdate("INSERT INTO record_task (" + COLUMNS + ") VALUES (:id, :a, :d, :app, :s, :st, :et,"
                                + " :tpl, :type, :ext, :created, NULL, NULL)")
                        .bind("id", task.taskId()).bind("a", task.accountId()).bind("d", task.stream().domain())
                        .bind("app", task.stream().app()).bind("s", task.stream().name())
                        .bind("st", task.startTime().getEpochSecond()).bind("et", task.endTime().getEpochSecond())
                        .bind("tpl", task.templateId()).bind("type", task.streamType()).bind("ext", task.extension())
                        .bind("created", task.createdAt().toEpochMilli()).execute();
                return null;
            });
            stored = true;
            return task;
        } finally {
            budget.settle(task.accountId(), stored);
        }
    }

    /** The account's open tasks, counted up to {@code max} (the count never needs to go further). */
    long countOpen(long accountId, Instant now, int max) {
        return db.inTransaction(h -> h.createQuery("SELECT COUNT(*) FROM (SELECT 1 FROM record_task WHERE account_id = :a"
                        + " AND end_time > :now AND stopped_at IS NULL AND deleted_at IS NULL LIMIT :max) open_tasks")
                .bind("a", accountId).bind("now", now.getEpochSecond()).bind("max", max).mapTo(Long.class).one());
    }

    /** Any task by id, stopped or deleted ones included (the recording engine needs to see those marks). */
    public Optional<RecordTask> find(String taskId) {
        return db.read(h -> h.createQuery("SELECT " + COLUMNS + " FROM record_task WHERE task_id = :id")
                .bind("id", taskId).map(MAPPER).findOne());
    }

    /**
     * Marks the caller's task stopped at {@code now}. Returns the task when this call stopped it, empty when it was
     * already stopped; a task that is unknown, deleted or another account's is {@code ResourceNotFound.TaskId}.
     */
    public Optional<RecordTask> stop(long accountId, String taskId, Instant now) {
        return db.inTransaction(h -> {
            int n = h.createUpdate("UPDATE record_task SET stopped_at = :now WHERE task_id = :id AND account_id = :a"
                            + " AND deleted_at IS NULL AND stopped_at IS NULL")
                    .bind("now", now.toEpochMilli()).bind("id", taskId).bind("a", accountId).execute();
            RecordTask t = owned(h, accountId, taskId);
            return n == 1 ? Optional.of(t) : Optional.<RecordTask>empty();
        });
    }

    /** Marks the caller's task deleted; unknown, already deleted or another account's: ResourceNotFound.TaskId. */
    public RecordTask delete(long accountId, String taskId, Instant now) {
        return db.inTransaction(h -> {
            int n = h.createUpdate("UPDATE record_task SET deleted_at = :now WHERE task_id = :id AND account_id = :a"
                            + " AND deleted_at IS NULL")
                    .bind("now", now.toEpochMilli()).bind("id", taskId).bind("a", accountId).execute();
            if (n != 1) throw notFound(taskId);
            return h.createQuery("SELECT " + COLUMNS + " FROM record_task WHERE task_id = :id")
                    .bind("id", taskId).map(MAPPER).one();
        });
    }

    private static RecordTask owned(Handle h, long accountId, String taskId) {
        return h.createQuery("SELECT " + COLUMNS + " FROM record_task WHERE task_id = :id AND account_id = :a"
                        + " AND deleted_at IS NULL")
                .bind("id", taskId).bind("a", accountId).map(MAPPER).findOne()
                .orElseThrow(() -> notFound(taskId));
    }

    private static ControlFailure notFound(String taskId) {
        return new ControlFailure(Reason.TASK_NOT_FOUND, "The record task does not exist.");
    }

    /** One page of DescribeRecordTask, in (createdAt, taskId) order; up to {@code q.limit()} rows. */
    public List<RecordTask> page(TaskQuery q) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM record_task WHERE account_id = :a"
                + " AND deleted_at IS NULL AND start_time >= :from AND end_time <= :to");
        if (q.domain() != null) sql.append(" AND domain_name = :d");
        if (q.app() != null) sql.append(" AND app_name = :app");
        if (q.stream() != null) sql.append(" AND stream_name = :s");
        if (q.after() != null) sql.append(" AND (created_at > :c OR (created_at = :c AND task_id > :t))");
        sql.append(" ORDER BY created_at, task_id LIMIT :limit");
        return db.read(h -> {
            Query query = h.createQuery(sql.toString()).bind("a", q.accountId()).bind("from", q.from())
                    .bind("to", q.to()).bind("limit", q.limit());
            if (q.domain() != null) query.bind("d", q.domain());
            if (q.app() != null) query.bind("app", q.app());
            if (q.stream() != null) query.bind("s", q.stream());
            if (q.after() != null) query.bind("c", q.after().createdAtMillis()).bind("t", q.after().taskId());
            return query.map(MAPPER).list();
        });
    }

    /** Tasks on {@code stream} that may start at {@code now}; of {@code owner} only when it is not null. */
    public List<RecordTask> startable(StreamKey stream, Long owner, Instant now) {
        return db.read(h -> {
            Query q = h.createQuery("SELECT " + COLUMNS + " FROM record_task WHERE domain_name = :d AND app_name = :app"
                            + " AND stream_name = :s AND end_time > :now AND start_time <= :now AND stopped_at IS NULL"
                            + " AND deleted_at IS NULL" + (owner != null ? " AND account_id = :a" : "")
                            + " ORDER BY created_at, task_id")
                    .bind("d", stream.domain()).bind("app", stream.app()).bind("s", stream.name())
                    .bind("now", now.getEpochSecond());
            if (owner != null) q.bind("a", owner);
            return q.map(MAPPER).list();
        }).stream().filter(t -> t.canStartAt(now)).toList();
    }

    /** Not stopped or deleted, window open at {@code now} or opening within {@code horizonSeconds}. */
    public List<RecordTask> openOrUpcoming(Instant now, long horizonSeconds) {
        return db.read(h -> h.createQuery("SELECT " + COLUMNS + " FROM record_task WHERE end_time > :now"
                        + " AND start_time <= :horizon AND stopped_at IS NULL AND deleted_at IS NULL"
                        + " ORDER BY start_time, task_id")
                .bind("now", now.getEpochSecond()).bind("horizon", now.getEpochSecond() + horizonSeconds)
                .map(MAPPER).list());
    }

    /** Deletes the rows of tasks that ended before {@code endedBefore}; returns how many. */
    public int purgeEndedBefore(Instant endedBefore) {
        return db.inTransaction(h -> h.createUpdate("DELETE FROM record_task WHERE end_time < :t")
                .bind("t", endedBefore.getEpochSecond()).execute());
    }
}
