package dev.liverec.record;

import dev.liverec.storage.FinishedRecording;
import dev.liverec.storage.RecordingStore;
import dev.liverec.stream.StreamKey;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A store that leaves files where they are and remembers what was committed (for engine tests). */
final class CollectingStore implements RecordingStore {
    final Path root;
    final List<FinishedRecording> committed = new CopyOnWriteArrayList<>();

    CollectingStore(Path root) {
        this.root = root;
    }

    @Override
    public Path workDir(long accountId, StreamKey stream, String recordingId) throws IOException {
        return Files.createDirectories(root.resolve("work").resolve(recordingId));
    }

    @Override
    public void commit(FinishedRecording recording) {
        committed.add(recording);
    }

    List<FinishedRecording> of(String taskId) {
        return committed.stream().filter(r -> taskId.equals(r.taskId())).toList();
    }
}
