package dev.liverec.record.schedule;

import dev.liverec.record.session.RecordMetrics;

/** The {@code liverec_record_tasks} gauges: tasks recording here, in their window but not live here, refused. */
final class TaskGauges {
    private final RecordMetrics metrics;
    private int waiting;

    TaskGauges(RecordMetrics metrics) {
        this.metrics = metrics;
    }

    /** Tasks in their window whose stream is not live here (counted by the last re-read). */
    void waiting(int n) {
        waiting = n;
    }

    void update(SessionTable table, TaskAdmission admission) {
        metrics.tasks(table.tasksRunning(), waiting, admission.refusedCount());
    }
}
