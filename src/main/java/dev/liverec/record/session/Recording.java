package dev.liverec.record.session;

import dev.liverec.record.output.FileNamer;
import dev.liverec.record.output.OutputFormat;
import dev.liverec.record.output.RecordOutput;
import dev.liverec.storage.DiskSpace;
import dev.liverec.storage.FinishedRecording;
import dev.liverec.storage.ObjectKeyLayout;
import dev.liverec.storage.SplitReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One recording: what {@link RecordingSpec} says (one owner × one stream × one format), its id, work directory and
 * journal row; it outlives a {@link RecordSession} when an HLS playlist resumes after a re-push. Blocking work for it
 * (finishing files, commits, the journal) runs in order on the context's blocking executor, so a file is committed
 * before the next one and the journal row goes last; commits and the journal cleanup wait out a database outage
 * ({@link RetriedStep}), so the task leaves "recording" once its files are indexed.
 */
public final class Recording {
    private static final Logger LOG = LoggerFactory.getLogger(Recording.class);

    private final String recordingId;
    private final RecordingSpec spec;
    private final Path workDir;
    private final Instant sessionStart;
    private final RecordContext ctx;
    private final Set<String> usedNames = new HashSet<>();
    private int partSeq;
    private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);
    private volatile boolean stepFailed;
    private volatile boolean noSpace;
    private volatile Runnable onNoSpace = () -> {};

    public Recording(String recordingId, RecordingSpec spec, Path workDir, Instant sessionStart, RecordContext ctx) {
        this.recordingId = recordingId;
        this.spec = spec;
        this.workDir = workDir;
        this.sessionStart = sessionStart;
        this.ctx = ctx;
    }

    public String id() { return recordingId; }
    public RecordingSpec spec() { return spec; }
    Path workDir() { return workDir; }

    /** Told when a commit failed for want of space: the files wait in the work directory until there is room. */
    public void onNoSpace(Runnable r) {
        onNoSpace = r;
    }

    /** Reports a status change of this recording (record-status callback). */
    void status(String status, String detail) {
        ctx.events().status(spec, recordingId, status, detail);
    }

    /**
     * An output of this recording is over (one active recording less): status {@code ended}, or
     * {@code interrupted} when a full disk ended it.
     */
    void ended(String reason) {
        status(SplitReason.DISK_FULL.wire().equals(reason) ? "interrupted" : "ended", reason);
        ctx.metrics().sessionEnded(spec.format());
    }

    /** Part names carry the file's start time so recovery can name a file a crash cut short. */
    synchronized String nextPartName(Instant fileStart) {
        return "r" + (++partSeq) + "-" + fileStart.toEpochMilli() + OutputFormat.PART_MARK;
    }

    /**
     * A file opened under {@code partName}: journaled (after the commits queued before it) with the id it will be
     * committed under, so DescribeRecordFiles lists it and playback serves it while it is written.
     */
    void fileOpened(String partName, Instant start) {
        then("journal current file", false, () -> {
            try {
                ctx.journal().currentFile(recordingId, ObjectKeyLayout.fileId(recordingId, partName), partName, start);
            } catch (RuntimeException e) { // only the listing of the file while written suffers
                LOG.warn("recording {}: cannot journal its current file {}: {}", recordingId, partName, e.toString());
            }
        });
    }

    /** A stem not yet used by this recording (two files closed within the same second get "-2", "-3"). */
    private synchronized String uniqueStem(String stem) {
        String s = stem;
        for (int n = 2; !usedNames.add(s); n++) s = FileNamer.safeComponent(stem + "-" + n);
        return s;
    }

    /** Runs {@code step} after every step queued before it; a {@code repeatable} one outlasts a database outage. */
    private synchronized CompletableFuture<Void> then(String what, boolean repeatable, RetriedStep.Body step) {
        String label = "recording " + recordingId + " (" + spec.stream() + " " + spec.format() + "): " + what;
        tail = tail.thenCompose(v -> new RetriedStep(label, repeatable, step, e -> failed(what, e), ctx.blocking(),
                ctx.metrics()::commitRetried).start());
        return tail;
    }

    private void failed(String what, Exception e) {
        stepFailed = true;
        if (DiskSpace.isNoSpace(e)) { // the disk filled while finishing: one line, committed when room is back
            noSpace = true;
            LOG.warn("recording {} ({} {}): {}: no space left on device", recordingId, spec.stream(), spec.format(),
                    what);
            return;
        }
        LOG.error("recording {} ({} {}): {} failed", recordingId, spec.stream(), spec.format(), what, e);
        ctx.metrics().failed();
        ctx.events().status(spec, recordingId, "failed", what + ": " + e);
    }

    /** Finishes {@code f}'s output and commits it (named now, from its times) with split reason {@code reason}. */
    CompletableFuture<Void> commit(RecordFile f, String reason) {
        long duration = f.durationMillis();
        Instant end = f.startWall.plusMillis(duration);
        String stem = uniqueStem(ctx.namer().name(spec.param().vodFileName(), spec.stream().name(), f.startWall, end,
                null));
        return commit(f.output(), new FileFacts(stem, f.partName, f.startWall, end, duration, f.videoCodec,
                f.audioCodec, f.width, f.height, reason));
    }

    /**
     * Finishing the output runs once; the commit (index row and callback in one transaction, idempotent per
     * recording and name) is repeated while the database is down, so the file is indexed once it is back.
     */
    private CompletableFuture<Void> commit(RecordOutput output, FileFacts file) {
        AtomicReference<FinishedRecording> finished = new AtomicReference<>();
        long[] finishMillis = new long[1];
        then("finish " + file.stem(), false, () -> {
            long t0 = System.nanoTime();
            var files = output.finish(file.stem());
            finishMillis[0] = (System.nanoTime() - t0) / 1_000_000;
            long size = 0;
            for (Path p : files) size += Files.size(p);
            finished.set(new FinishedRecording(recordingId, spec.accountId(), 0, spec.taskId(), spec.stream(),
                    spec.format(), file.stem(), files, sessionStart, file.start(), file.end(), file.durationMillis(),
                    size, file.videoCodec(), file.audioCodec(), file.width(), file.height(),
                    spec.param().storageTime(), file.splitReason(), file.start(), false, null, file.partName()));
        });
        return then("commit " + file.stem(), true, () -> {
            FinishedRecording r = finished.get();
            if (r == null) return; // finishing failed and was reported
            long t1 = System.nanoTime();
            ctx.store().commit(r);
            LOG.info("recording {}: committed {} ({} ms, {} bytes, {}; finish {} ms, commit {} ms)", recordingId,
                    file.stem(), file.durationMillis(), r.sizeBytes(), file.splitReason(), finishMillis[0],
                    (System.nanoTime() - t1) / 1_000_000);
        });
    }

    /**
     * The recording is over: its journal row goes once every queued commit is done, unless one failed (then the
     * row stays and the next start's recovery retries the files).
     */
    CompletableFuture<Void> end() {
        then("disk check", false, () -> {
            if (noSpace) onNoSpace.run();
        });
        return then("journal cleanup", true, () -> {
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
    private record FileFacts(String stem, String partName, Instant start, Instant end, long durationMillis, String videoCodec,
                     String audioCodec, int width, int height, String splitReason) {}
}
