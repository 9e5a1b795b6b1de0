package dev.liverec.record.schedule;

import dev.liverec.control.RecordTask;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

/**
 * Tasks whose recording this node interrupted (table {@code record_interruption}, read by DescribeRecordTaskStates
 * on any node): marked when the disk fills while the task records or would start, cleared when it records again.
 * Confined to the scheduler thread; remembers what it marked so clearing costs nothing for other tasks. A failed
 * write is logged and forgotten (the state is informative, the recording decision never depends on it).
 */
final class TaskInterruptions {
    private static final Logger LOG = LoggerFactory.getLogger(TaskInterruptions.class);

    private final Jdbi jdbi;
    private final String node;
    private final Set<String> marked = new HashSet<>();

    /** @param jdbi null: nothing is stored */
    TaskInterruptions(Jdbi jdbi, String node) {
        this.jdbi = jdbi;
        this.node = node;
    }

    void mark(RecordTask task, String reason, Instant now) {
        if (jdbi == null || !marked.add(task.taskId())) return;
        try {
            jdbi.useTransaction(h -> {
                h.createUpdate("DELETE FROM record_interruption WHERE task_id = :id").bind("id", task.taskId()).execute();
                h.createUpdate("INSERT INTO record_interruption (task_id, account_id, node, reason, since) "
                                + "VALUES (:id, :account, :node, :reason, :since)")
                        .bind("id", task.taskId()).bind("account", task.accountId()).bind("node", node)
                        .bind("reason", reason.length() > 512 ? reason.substring(0, 512) : reason)
                        .bind("since", now.toEpochMilli()).execute();
            });
        } catch (RuntimeException e) {
            LOG.warn("task {}: cannot store its interruption: {}", task.taskId(), e.toString());
        }
    }

    void clear(String taskId) {
        if (jdbi == null || !marked.remove(taskId)) return;
        try {
            jdbi.useHandle(h -> h.createUpdate("DELETE FROM record_interruption WHERE task_id = :id")
                    .bind("id", taskId).execute());
        } catch (RuntimeException e) {
            LOG.warn("task {}: cannot clear its interruption: {}", taskId, e.toString());
        }
    }
}
