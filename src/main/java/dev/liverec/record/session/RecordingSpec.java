package dev.liverec.record.session;

import dev.liverec.stream.StreamKey;
import dev.liverec.control.RecordFormat;
import dev.liverec.control.RecordParam;
import dev.liverec.control.RecordTask;

import java.time.Instant;

/**
 * What one session records: one owner (a task, or a record rule's template) × one stream × one format.
 *
 * @param ownerId            task id, or {@code rule:<templateId>} for rule-driven recordings
 * @param task               the task, null for rules
 * @param intervalMillis     file split length (0 = none; ignored for HLS)
 * @param flowContinueMillis HLS resume window (0 = none)
 * @param endTime            the task's EndTime, null for rules
 */
public record RecordingSpec(String ownerId, RecordTask task, long templateId, long accountId, StreamKey stream,
                            RecordFormat format, RecordParam param, long intervalMillis, long flowContinueMillis,
                            Instant endTime) {
    public String taskId() { return task == null ? null : task.taskId(); }

    public static String ruleOwner(long templateId) { return "rule:" + templateId; }
}
