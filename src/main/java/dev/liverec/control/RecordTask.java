package dev.liverec.control;

import dev.liverec.stream.StreamKey;

import java.time.Instant;

/**
 * A record task created by CreateRecordTask: record {@code stream} while it is live inside [startTime, endTime).
 * {@code stoppedAt} is set by StopRecordTask (the task never starts again); {@code deletedAt} by DeleteRecordTask
 * (a recording in progress goes on, no new one starts).
 */
public record RecordTask(String taskId, long accountId, StreamKey stream, Instant startTime, Instant endTime,
                         long templateId, int streamType, String extension, Instant createdAt, Instant stoppedAt,
                         Instant deletedAt) {

    /** May a new recording of this task start at {@code now}? */
    public boolean canStartAt(Instant now) {
        return stoppedAt == null && deletedAt == null && !now.isBefore(startTime) && now.isBefore(endTime);
    }

    /** Must a recording of this task that is running at {@code now} stop? (Deletion does not stop it.) */
    public boolean mustStopAt(Instant now) {
        return stoppedAt != null || !now.isBefore(endTime);
    }
}
