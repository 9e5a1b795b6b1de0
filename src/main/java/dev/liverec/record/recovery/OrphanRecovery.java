package dev.liverec.record.recovery;

import dev.liverec.media.probe.ContainerProbe;
import dev.liverec.media.probe.TrackFacts;
import dev.liverec.record.output.FileNamer;
import dev.liverec.record.output.OutputFormat;
import dev.liverec.storage.FinishedRecording;
import dev.liverec.storage.RecordingStore;
import dev.liverec.storage.SplitReason;
import dev.liverec.control.RecordFormat;
import dev.liverec.control.RecordParam;
import dev.liverec.control.RecordPlan;
import dev.liverec.control.RecordTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * At start, completes what a crash (kill -9, power loss) left in the work directories of this node's journal:
 * every file is finalized by its format (FLV metadata from a scan, MP4 from its fragments, HLS gets ENDLIST),
 * committed with {@code recovered=true}, split reason {@code recovered} and the codecs and picture size read back
 * from the file ({@link ContainerProbe}), and the journal row is removed.
 * Blocking; a row whose files cannot be recovered stays for the next start.
 */
public final class OrphanRecovery {
    private static final Logger LOG = LoggerFactory.getLogger(OrphanRecovery.class);

    private final SessionJournal journal;
    private final RecordingStore store;
    private final FileNamer namer;
    private final Map<RecordFormat, OutputFormat> formats;
    private final String node;
    private final RecordPlan plan;
    private final Runnable failed;

    /** @param failed counts a recovery that failed (metrics) */
    public OrphanRecovery(SessionJournal journal, RecordingStore store, FileNamer namer,
                          Map<RecordFormat, OutputFormat> formats, String node, RecordPlan plan, Runnable failed) {
        this.journal = journal;
        this.store = store;
        this.namer = namer;
        this.formats = formats;
        this.node = node;
        this.plan = plan;
        this.failed = failed;
    }

    /** Recovers every journal row of this node; only safe while this node records nothing. */
    public int run() {
        return run(journal.list(node));
    }

    /**
     * Recovers {@code orphans}, rows read from this node's journal before its scheduler started (rows written later
     * belong to live recordings).
     *
     * @return how many files were committed
     */
    public int run(List<SessionJournal.Entry> orphans) {
        return run(orphans, SplitReason.RECOVERED);
    }

    /**
     * Recovers {@code orphans} with split reason {@code why}: {@code recovered} after a crash (flagged, named
     * "-recovered"), {@code disk_full} for recordings an ENOSPC cut short on a live node (committed as ordinary
     * files once there is room to finish them).
     */
    public int run(List<SessionJournal.Entry> orphans, SplitReason why) {
        int committed = 0;
        for (SessionJournal.Entry e : orphans) {
            int n = runOne(e, why);
            if (n > 0) committed += n;
        }
        return committed;
    }

    /**
     * Recovers one recording and removes its journal row.
     *
     * @return how many files were committed, or -1 when it failed (the row stays)
     */
    public int runOne(SessionJournal.Entry e, SplitReason why) {
        try {
            int n = recover(e, why);
            journal.delete(e.recordingId());
            return n;
        } catch (Exception ex) {
            LOG.error("recovery of recording {} in {} failed; will retry at next start", e.recordingId(),
                    e.workDir(), ex);
            failed.run();
            return -1;
        }
    }

    private int recover(SessionJournal.Entry e, SplitReason why) throws IOException {
        boolean crash = why == SplitReason.RECOVERED;
        OutputFormat format = formats.get(e.format());
        if (!Files.isDirectory(e.workDir())) return 0;
        if (format == null) throw new IOException("format " + e.format() + " is not available to recover");
        RecordParam param = template(e).map(t -> t.param(e.format())).orElse(RecordParam.enabledDefaults());
        var files = format.recover(e.workDir(), (part, durationMillis) -> {
            Instant start = partStart(part).orElse(e.startedAt());
            return namer.name(param.vodFileName(), e.stream().name(), start, start.plusMillis(durationMillis),
                    crash ? "-recovered" : null);
        });
        for (OutputFormat.RecoveredFile f : files) {
            Instant start = partStartOfStem(f, e);
            TrackFacts tracks = tracks(f);
            store.commit(new FinishedRecording(e.recordingId(), e.accountId(), 0, e.taskId(), e.stream(),
                    e.format(), f.stem(), f.files(), e.startedAt(), start, start.plusMillis(f.durationMillis()),
                    f.durationMillis(), f.sizeBytes(), tracks.videoCodec(), tracks.audioCodec(), tracks.width(),
                    tracks.height(), param.storageTime(), why.wire(), start, crash));
            LOG.warn("recovered {} {} of {} ({} ms, {} bytes, {})", e.format(), f.stem(), e.stream(),
                    f.durationMillis(), f.sizeBytes(), why.wire());
        }
        try (var s = Files.list(e.workDir())) {
            if (s.findAny().isEmpty()) Files.deleteIfExists(e.workDir());
        }
        return files.size();
    }

    /**
     * Codecs and picture size from the recovered file's own sequence headers (for HLS its first segment), as a
     * live recording reports them; unknown (null/0) when they cannot be read, which does not stop the commit.
     */
    public static TrackFacts tracks(OutputFormat.RecoveredFile f) {
        Path media = f.files().stream().filter(p -> p.getFileName().toString().endsWith(".ts")).findFirst()
                .orElse(f.files().isEmpty() ? null : f.files().get(0));
        if (media == null) return TrackFacts.NONE;
        try {
            return ContainerProbe.probe(media);
        } catch (IOException | RuntimeException ex) {
            LOG.warn("recovery: cannot read the tracks of {}: {}", media, ex.toString());
            return TrackFacts.NONE;
        }
    }

    private Optional<RecordTemplate> template(SessionJournal.Entry e) {
        try {
            if (e.taskId() != null) return plan.task(e.taskId()).map(plan::templateFor);
            return plan.ruleTemplatesFor(e.stream(), e.accountId()).stream()
                    .filter(t -> t.templateId() == e.templateId()).findFirst();
        } catch (RuntimeException ex) {
            LOG.warn("recovery: no template for {}", e.recordingId(), ex);
            return Optional.empty();
        }
    }

    private static Instant partStartOfStem(OutputFormat.RecoveredFile f, SessionJournal.Entry e) {
        return f.partName() == null ? e.startedAt() : partStart(f.partName()).orElse(e.startedAt());
    }

    /** Part names are {@code r<n>-<epochMillis>.part}. */
    static Optional<Instant> partStart(String partName) {
        int dash = partName.indexOf('-');
        int dot = partName.indexOf(OutputFormat.PART_MARK);
        if (dash < 0 || dot < dash) return Optional.empty();
        try {
            return Optional.of(Instant.ofEpochMilli(Long.parseLong(partName.substring(dash + 1, dot))));
        } catch (NumberFormatException ex) {
            return Optional.empty();
        }
    }
}
