package dev.liverec.record;

import dev.liverec.storage.FinishedRecording;
import dev.liverec.storage.RecordingStore;
import dev.liverec.stream.StreamKey;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A store that moves committed files out of the work directory, as the real stores do, and remembers them. */
final class CollectingStore implements RecordingStore {
    final Path root;
    final List<FinishedRecording> committed = new CopyOnWriteArrayList<>();

    CollectingStore(Path root) {
        this.root = root;
    }

    @Override
    public Path workDir(long accountId, StreamKey stream, String recordingId) throws IOException {
        return root.resolve("work").resolve(recordingId); // created by the first file, as RecordingArchive's
    }

    @Override
    public synchronized void commit(FinishedRecording r) throws IOException {
        Path to = Files.createDirectories(root.resolve("store").resolve(r.recordingId()));
        List<Path> moved = new java.util.ArrayList<>();
        for (Path f : r.files()) moved.add(Files.move(f, to.resolve(f.getFileName()),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING));
        committed.add(new FinishedRecording(r.recordingId(), r.accountId(), r.appId(), r.taskId(), r.stream(),
                r.format(), r.name(), moved, r.sessionStart(), r.fileStart(), r.fileEnd(), r.durationMillis(),
                r.sizeBytes(), r.videoCodec(), r.audioCodec(), r.width(), r.height(), r.storageTimeSeconds(),
                r.splitReason(), r.firstFrameUtc(), r.recovered()));
    }

    List<FinishedRecording> of(String taskId) {
        return committed.stream().filter(r -> taskId.equals(r.taskId())).toList();
    }
}
