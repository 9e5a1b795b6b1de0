package dev.liverec.storage;

import dev.liverec.stream.StreamKey;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The storage side of recording: where files are written while recording, and what happens when one is finished:
 * it is moved to (or uploaded into) the store, indexed in the files table, and its callback is queued in the
 * outbox in the same transaction. {@link #commit} may block (call it off event loops).
 */
public interface RecordingStore {
    /**
     * The local directory of one recording (one session × one format), not created yet: the recording creates it
     * with its first file; survives restarts.
     */
    Path workDir(long accountId, StreamKey stream, String recordingId) throws IOException;

    /** Takes ownership of a finished recording's files; idempotent per recordingId + name (crash recovery). */
    void commit(FinishedRecording recording) throws IOException;
}
