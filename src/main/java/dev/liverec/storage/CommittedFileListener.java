package dev.liverec.storage;

import org.jdbi.v3.core.Handle;

/** Told about each newly indexed file inside the commit transaction (the callback outbox writes its rows here). */
public interface CommittedFileListener {
    void onCommitted(Handle tx, RecordFile file, FinishedRecording recording);
}
