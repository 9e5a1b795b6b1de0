package dev.liverec.record.session;

import java.util.concurrent.CompletableFuture;

/**
 * An HLS playlist kept open after its publisher left, waiting for a re-push within FlowContinueDuration: the
 * session of the re-push takes it over, or {@link #finish} ends it.
 */
public final class ParkedPlaylist {
    private final Recording recording;
    private final RecordFile file;

    ParkedPlaylist(Recording recording, RecordFile file) {
        this.recording = recording;
        this.file = file;
    }

    public Recording recording() { return recording; }

    RecordFile file() { return file; }

    /** No re-push came in time: finishes the playlist (any thread). */
    public CompletableFuture<Void> finish(String reason) {
        recording.commit(file, reason);
        recording.ended(reason);
        return recording.end();
    }
}
