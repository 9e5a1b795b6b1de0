package dev.liverec.storage;

import dev.liverec.stream.StreamKey;
import dev.liverec.control.CallbackTemplate;
import dev.liverec.control.RecordFormat;
import dev.liverec.control.RecordPlan;
import dev.liverec.control.RecordTask;
import dev.liverec.control.RecordTemplate;
import dev.liverec.control.TaskListener;

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
        Path dir = Files.createDirectories(store.workDir(accountId, STREAM, recordingId));
        Path f = dir.resolve(name + ".part");
        byte[] data = new byte[size];
        new Random(recordingId.hashCode()).nextBytes(data);
        Files.write(f, data);
        Instant start = Instant.parse("2026-11-25T10:00:00.250Z");
        return new FinishedRecording(recordingId, accountId, appId, taskId, STREAM, format, name, List.of(f),
                start, start.plusSeconds(1), start.plusSeconds(61), 60_000, size, "h264", "aac", 1280, 720,
                storageTime, "interval", start.plusSeconds(1), false, "txSecret=abc&txTime=5f5e1000");
    }

    /** A real HLS recording made by ffmpeg (H.264 + AAC, 1 s GOP, 2 s segments): playlist first, then segments. */
    public static List<Path> ffmpegHls(RecordingStore store, long accountId, String recordingId, int seconds)
            throws IOException, InterruptedException {
        Path work = Files.createDirectories(store.workDir(accountId, STREAM, recordingId));
        Process ff = new ProcessBuilder("ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc=size=320x240:rate=25",
                "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100", "-t", Integer.toString(seconds),
                "-c:v", "libx264", "-preset", "ultrafast", "-g", "25", "-c:a", "aac", "-f", "hls", "-hls_time", "2",
                "-hls_list_size", "0", "-hls_playlist_type", "event",
                "-hls_segment_filename", work.resolve("seg_%03d.ts").toString(), work.resolve("index.m3u8").toString())
                .redirectErrorStream(true).start();
        String out = new String(ff.getInputStream().readAllBytes());
        if (ff.waitFor() != 0) throw new IOException("ffmpeg failed: " + out);
        List<Path> files = new ArrayList<>();
        files.add(work.resolve("index.m3u8"));
        try (var s = Files.list(work)) {
            s.filter(p -> p.toString().endsWith(".ts")).sorted().forEach(files::add);
        }
        return files;
    }

    /** ffprobe's format duration of a URL or file; fails on any error line. */
    public static double probeDuration(String target) throws IOException, InterruptedException {
        Process probe = new ProcessBuilder("ffprobe", "-v", "error", "-show_entries", "format=duration", "-of",
                "csv=p=0", target).redirectErrorStream(true).start();
        String out = new String(probe.getInputStream().readAllBytes()).trim();
        if (probe.waitFor() != 0 || !out.matches("[0-9.]+")) throw new IOException("ffprobe " + target + ": " + out);
        return Double.parseDouble(out);
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
    }
}
