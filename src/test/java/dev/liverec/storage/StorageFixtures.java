package dev.liverec.storage;

import dev.liverec.stream.StreamKey;
import dev.liverec.task.CallbackTemplate;
import dev.liverec.task.RecordFormat;
import dev.liverec.task.RecordPlan;
import dev.liverec.task.RecordTask;
import dev.liverec.task.RecordTemplate;
import dev.liverec.task.TaskListener;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;

/** Test data: finished recordings with real files in a work directory, and callback rules. */
public final class StorageFixtures {
    private StorageFixtures() {}

    public static final StreamKey STREAM = new StreamKey("push.example.com", "live", "cam1");

    /** A single-file recording of {@code size} random bytes. */
    public static FinishedRecording oneFile(RecordingStore store, long accountId, long appId, String recordingId,
                                            String taskId, RecordFormat format, String name, int size,
                                            long storageTime) throws IOException {
        Path dir = store.workDir(accountId, STREAM, recordingId);
        Path f = dir.resolve(name + ".part");
        byte[] data = new byte[size];
        new Random(recordingId.hashCode()).nextBytes(data);
        Files.write(f, data);
        Instant start = Instant.parse("2026-11-25T10:00:00.250Z");
        return new FinishedRecording(recordingId, accountId, appId, taskId, STREAM, format, name, List.of(f),
                start, start.plusSeconds(1), start.plusSeconds(61), 60_000, size, "h264", "aac", 1280, 720,
                storageTime, "interval", start.plusSeconds(1), false, "txSecret=abc&txTime=5f5e1000");
    }

    public static FinishedRecording withFiles(FinishedRecording r, List<Path> files) {
        return new FinishedRecording(r.recordingId(), r.accountId(), r.appId(), r.taskId(), r.stream(), r.format(),
                r.name(), files, r.sessionStart(), r.fileStart(), r.fileEnd(), r.durationMillis(), r.sizeBytes(),
                r.videoCodec(), r.audioCodec(), r.width(), r.height(), r.storageTimeSeconds(), r.splitReason(),
                r.firstFrameUtc(), r.recovered(), r.streamParam());
    }

    /** The control plane's callback rules as far as storage needs them (the control module is not on main yet). */
    public static final class CallbackRules implements RecordPlan {
        private final Map<String, CallbackTemplate> byAccountDomainApp = new ConcurrentHashMap<>();

        public void bind(long accountId, String domain, String app, String url, String key) {
            byAccountDomainApp.put(accountId + "/" + domain + "/" + app, new CallbackTemplate(1, accountId, "t", "",
                    url, url, url, url, null, null, key, null, null, null, List.of()));
        }

        @Override
        public Optional<CallbackTemplate> callbackTemplateFor(long accountId, String domain, String app) {
            return Optional.ofNullable(byAccountDomainApp.get(accountId + "/" + domain + "/" + app));
        }

        @Override public List<RecordTask> tasksToStart(StreamKey stream, Instant now) { return new ArrayList<>(); }
        @Override public List<RecordTask> tasksOpenOrUpcoming(Instant now, long horizonSeconds) { return new ArrayList<>(); }
        @Override public Optional<RecordTask> task(String taskId) { return Optional.empty(); }
        @Override public RecordTemplate templateFor(RecordTask task) { throw new UnsupportedOperationException(); }
        @Override public List<RecordTemplate> ruleTemplatesFor(StreamKey stream, long domainAccountId) { return new ArrayList<>(); }
        @Override public void addListener(TaskListener listener) {}
    }
}
