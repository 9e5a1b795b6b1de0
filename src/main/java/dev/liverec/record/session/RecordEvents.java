package dev.liverec.record.session;

/**
 * Recording status changes for the account's record-status callback: {@code started} (first file opened),
 * {@code refused} (more than 3 tasks on the stream), {@code failed} (I/O error, e.g. a full disk), {@code paused}
 * and {@code resumed} (HLS waiting for a re-push), {@code ended}. Called from any thread, event loops included:
 * implementations hand blocking work elsewhere.
 */
public interface RecordEvents {
    void status(RecordingSpec spec, String recordingId, String status, String detail);

    RecordEvents NONE = (spec, id, status, detail) -> {};
}
