package dev.liverec.notify;

import dev.liverec.stream.StreamKey;
import dev.liverec.control.RecordFormat;

/**
 * Callback events the recording engine raises (file events are raised by the store's commit itself). Published as
 * a service by the storage module. Never blocks (the database work is handed to a background thread), so it may be
 * called from event loops; never throws.
 */
public interface CallbackNotifier {
    /** Queues a record status event when the account binds a template with a RecordStatusNotifyUrl. */
    void recordStatus(RecordStatusEvent event);

    /**
     * The same in the recording engine's words: {@code started}, {@code refused}, {@code failed}, {@code paused},
     * {@code resumed}, {@code ended} (see {@link RecordStatusEvent.Status#fromEngine}); {@code recordingId} is null
     * when no recording could start. The APPID is looked up from the account.
     */
    default void recordStatus(long accountId, String taskId, StreamKey stream, RecordFormat format, String recordingId,
                              String status, String detail) {
        RecordStatusEvent.Status st = RecordStatusEvent.Status.fromEngine(status, recordingId != null);
        recordStatus(new RecordStatusEvent(accountId, 0, taskId, stream, recordingId, format, st, st.errcode(),
                detail, null));
    }
}
