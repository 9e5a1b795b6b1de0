package dev.liverec.record.schedule;

import dev.liverec.record.session.RecordSession;
import dev.liverec.stream.LiveStream;
import dev.liverec.control.RecordTask;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;

/** One owner (a task, or a record rule) recording one publish of a stream: a session per enabled format. */
final class OwnerSessions {
    final String ownerId;
    /** The task, null for a rule. */
    final RecordTask task;
    final LiveStream stream;
    final List<RecordSession> sessions = new ArrayList<>();
    /** Stops a task's sessions at its EndTime. */
    ScheduledFuture<?> endTimer;

    OwnerSessions(String ownerId, RecordTask task, LiveStream stream) {
        this.ownerId = ownerId;
        this.task = task;
        this.stream = stream;
    }

    void cancelEndTimer() {
        if (endTimer != null) endTimer.cancel(false);
    }
}
