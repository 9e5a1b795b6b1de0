package dev.liverec.record;

import dev.liverec.storage.FinishedRecording;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * One recording's lasting state: its id, work directory and journal row, outliving a session when HLS resumes
 * after a re-push. Blocking work for it (finishing files, commits, the journal) runs in order on the context's
 * blocking executor, so a file is committed before the next one and the journal row goes last.
 */
final class Recording {
    private static final Logger LOG = LoggerFactory.getLogger(Recording.class);

    final String recordingId;
    final RecordingSpec spec;
    final Path workDir;
    final Instant sessionStart;
    private final RecordContext ctx;
    private final Set<String> usedNames = new HashSet<>();
    private int partSeq;
    private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);
    private volatile boolean stepFailed;

    Recording(String recordingId, RecordingSpec spec, Path workDir, Instant sessionStart, RecordContext ctx) {
        this.recordingId = recordingId;
        this.spec = spec;
        this.workDir = workDir;
        this.sessionStart = sessionStart;
        this.ctx = ctx;
    }

    /** Part names carry the file's start time so recovery can name a file a crash cut short. */
    synchronized String nextPartName(Instant fileStart) {
        return "r" + (++partSeq) + "-" + fileStart.toEpochMilli() + OutputFormat.PART_MARK;
    }

    /** A stem not yet used by this recording (two files closed within the same second get "-2", "-3"). */
    synchronized String uniqueStem(String stem) {
        String s = stem;
        for (int n = 2; !usedNames.add(s); n++) s = FileNamer.safeComponent(stem + "-" + n);
        return s;
    }

    interface BlockingStep {
        void run() throws Exception;
    }

    /** Runs {@code step} after every step queued before it. */
    synchronized CompletableFuture<Void> then(String what, BlockingStep step) {
        tail = tail.thenRunAsync(() -> {
            try {
                step.run();
            } catch (Exception e) {
                stepFailed = true;
                LOG.error("recording {} ({} {}): {} failed", recordingId, spec.stream(), spec.format(), what, e);
                ctx.metrics().failed();
                ctx.events().status(spec, recordingId, "failed", what + ": " + e);
            }
        }, ctx.blocking());
        return tail;
    }

    /** Finishes the output, commits the file; {@code file} describes it. */
    CompletableFuture<Void> commit(FormatOutput output, FileFacts file) {
        return then("commit " + file.stem(), () -> {
            long t0 = System.nanoTime();
            var files = output.finish(file.stem());
            long t1 = System.nanoTime();
            long size = 0;
            for (Path p : files) size += Files.size(p);
            ctx.store().commit(new FinishedRecording(recordingId, spec.accountId(), 0, spec.taskId(), spec.stream(),
                    spec.format(), file.stem(), files, sessionStart, file.start(), file.end(), file.durationMillis(),
                    size, file.videoCodec(), file.audioCodec(), file.width(), file.height(),
                    spec.param().storageTime(), file.splitReason(), file.start(), false));
            LOG.info("recording {}: committed {} ({} ms, {} bytes, {}; finish {} ms, commit {} ms)", recordingId,
                    file.stem(), file.durationMillis(), size, file.splitReason(), (t1 - t0) / 1_000_000,
                    (System.nanoTime() - t1) / 1_000_000);
        });
    }

    /**
     * The recording is over: its journal row goes once every queued commit is done, unless one failed (then the
     * row stays and the next start's recovery retries the files).
     */
    CompletableFuture<Void> end() {
        return then("journal cleanup", () -> {
            if (stepFailed) return;
            ctx.journal().delete(recordingId);
            try (var s = Files.list(workDir)) {
                if (s.findAny().isEmpty()) Files.deleteIfExists(workDir);
            } catch (java.io.IOException ignored) {
                // the store may already have removed it
            }
        });
    }

    /** Facts about one finished file, computed on the event loop when it closes. */
    record FileFacts(String stem, Instant start, Instant end, long durationMillis, String videoCodec,
                     String audioCodec, int width, int height, String splitReason) {}
}
