package dev.liverec.clip;

import dev.liverec.control.RecordFormat;
import dev.liverec.media.MediaWriter;
import dev.liverec.media.mp4.FragmentedMp4Writer;
import dev.liverec.media.mp4.Mp4Finalizer;
import dev.liverec.media.probe.ContainerProbe;
import dev.liverec.media.probe.TrackFacts;
import dev.liverec.record.output.FileSink;
import dev.liverec.storage.FileStore;
import dev.liverec.storage.FinishedRecording;
import dev.liverec.storage.LocalStore;
import dev.liverec.storage.RecordFile;
import dev.liverec.storage.RecordFileIndex;
import dev.liverec.storage.RecordingStore;
import dev.liverec.storage.SplitReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Cuts one clip, synchronously: reads the source recordings (local files in place, memory-mapped; objects of a
 * remote store copied to the clip's work directory one at a time), passes their packets through a
 * {@link KeyframeCut} into a fragmented MP4, made progressive by {@link Mp4Finalizer} (or, for an HLS clip, into
 * TS segments and a playlist: {@link HlsClipWriter}) and commits it through the
 * {@link RecordingStore} like a recording: indexed, event 100 queued, playable by its signed URL. Bounded: at most
 * {@link #MAX_DURATION_MS} of media and {@code maxConcurrent} clips at once on a node (the others are refused, not
 * queued). A file that changes codecs ends the clip where it starts.
 */
public final class RecordClipper {
    private static final Logger LOG = LoggerFactory.getLogger(RecordClipper.class);
    /** Longest clip: one hour of media, a remux of a few GB at most. */
    public static final long MAX_DURATION_MS = 3_600_000;
    /** Clips cut at once on one node by default. */
    public static final int DEFAULT_CONCURRENCY = 2;
    static final String ID_PREFIX = "clip-";
    private static final long FRAGMENT_MS = 2000;

    private final RecordFileIndex index;
    private final RecordingStore store;
    private final Map<String, FileStore> stores;
    private final LocalStore spool;
    private final Semaphore slots;
    private final Counter made, refused, failed;
    private final Timer makeTime;

    /**
     * @param stores the stores by {@link FileStore#kind()}, where stored files are read
     * @param spool  this node's upload spool (files not uploaded yet), or null
     */
    public RecordClipper(RecordFileIndex index, RecordingStore store, Map<String, FileStore> stores, LocalStore spool,
                         int maxConcurrent, MeterRegistry metrics) {
        this.index = index;
        this.store = store;
        this.stores = stores;
        this.spool = spool;
        this.slots = new Semaphore(Math.max(1, maxConcurrent));
        made = clips(metrics, "made");
        refused = clips(metrics, "refused");
        failed = clips(metrics, "failed");
        makeTime = Timer.builder("liverec_clip_make_seconds").description("Time to cut, store and index a clip")
                .register(metrics);
    }

    private static Counter clips(MeterRegistry metrics, String result) {
        return Counter.builder("liverec_clips_total").description("CreateRecordClip requests by result")
                .tag("result", result).register(metrics);
    }

    /** Whether a file is a clip (never a clip source). */
    public static boolean isClip(RecordFile f) {
        return f.recordingId().startsWith(ID_PREFIX);
    }

    /** Cuts, stores and indexes the clip; returns its file row. */
    public RecordFile clip(ClipRequest req) throws ClipFailure {
        List<RecordFile> sources;
        long startMs, endMs;
        if (req.fileId() != null) {
            RecordFile f = index.byId(req.fileId()).filter(r -> r.accountId() == req.accountId())
                    .orElseThrow(() -> new ClipFailure(ClipFailure.Reason.FILE_NOT_FOUND, "no such file"));
            if (!ClipSources.readable(f)) {
                throw new ClipFailure(ClipFailure.Reason.UNSUPPORTED_SOURCE, "clips are cut from FLV, HLS and MP4 recordings");
            }
            sources = List.of(f);
            startMs = f.start().toEpochMilli() + req.startOffsetMs();
            endMs = f.start().toEpochMilli() + req.endOffsetMs();
        } else {
            sources = ClipSources.of(index, req.accountId(), req.stream(), req.start(), req.end());
            startMs = req.start().toEpochMilli();
            endMs = req.end().toEpochMilli();
        }
        if (sources.isEmpty()) throw new ClipFailure(ClipFailure.Reason.NO_MEDIA, "no recording in the range");
        if (!slots.tryAcquire()) {
            refused.increment();
            throw new ClipFailure(ClipFailure.Reason.BUSY, "too many clips being cut");
        }
        long t0 = System.nanoTime();
        String recordingId = ID_PREFIX + UUID.randomUUID().toString().replace("-", "");
        RecordFile first = sources.get(0);
        Path dir = null;
        try {
            dir = Files.createDirectories(store.workDir(req.accountId(), first.stream(), recordingId));
            RecordFile clip = cut(req, recordingId, dir, sources, startMs, endMs);
            made.increment();
            makeTime.record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
            return clip;
        } catch (IOException | RuntimeException e) {
            failed.increment();
            LOG.warn("clip {} failed: {}", recordingId, e.toString());
            throw new ClipFailure(ClipFailure.Reason.IO, "the clip could not be made");
        } finally {
            slots.release();
            if (dir != null) deleteTree(dir);
        }
    }

    private RecordFile cut(ClipRequest req, String recordingId, Path dir, List<RecordFile> sources, long startMs,
                           long endMs) throws IOException, ClipFailure {
        long t0 = System.nanoTime();
        RecordFile first = sources.get(0);
        SourceFiles files = new SourceFiles(stores, spool, dir);
        List<Path> firstMedia = files.of(first);
        TrackFacts tracks = ContainerProbe.probe(firstMedia.get(0));
        if (!SourcePackets.readable(first.format(), tracks)) {
            throw new ClipFailure(ClipFailure.Reason.UNSUPPORTED_SOURCE, "HEVC in HLS is not read as a clip source");
        }
        List<Object> mappings = new ArrayList<>(); // payload slices point into them until the writer is closed
        String name;
        List<Path> out;
        long durationMs;
        KeyframeCut cut;
        if (req.format() == RecordFormat.HLS) {
            // segment names are fixed before the first packet: the stem has the requested start
            name = "clip_" + first.stream().name() + "_" + startMs / 1000 + "_" + endMs / 1000;
            HlsClipWriter writer = new HlsClipWriter(dir, name, tracks.video(), tracks.audio());
            cut = feed(writer, recordingId, sources, files, firstMedia, tracks, startMs, endMs, mappings);
            out = writer.files();
            durationMs = writer.durationMs();
        } else {
            Path fragmented = dir.resolve("clip.part");
            try (FileSink sink = FileSink.create(fragmented, FileSink.WriteObserver.NONE)) {
                FragmentedMp4Writer writer = new FragmentedMp4Writer(sink, tracks.video(), tracks.audio(), FRAGMENT_MS);
                cut = feed(writer, recordingId, sources, files, firstMedia, tracks, startMs, endMs, mappings);
            }
            name = "clip_" + first.stream().name() + "_" + cut.firstMs() / 1000 + "_" + endMs / 1000;
            Path fin = dir.resolve(name + ".mp4");
            if (cut.started()) {
                try (FileChannel in = FileChannel.open(fragmented, StandardOpenOption.READ);
                     FileSink progressive = FileSink.create(fin, FileSink.WriteObserver.NONE)) {
                    durationMs = Mp4Finalizer.finalize(in, progressive).durationMs();
                    progressive.sync();
                }
            } else {
                durationMs = 0;
            }
            Files.delete(fragmented);
            out = List.of(fin);
        }
        mappings.clear();
        if (!cut.started()) throw new ClipFailure(ClipFailure.Reason.NO_MEDIA, "no media in the range");
        long size = 0;
        for (Path p : out) size += Files.size(p);
        Instant begin = Instant.ofEpochMilli(cut.firstMs());
        Instant end = begin.plusMillis(durationMs);
        store.commit(new FinishedRecording(recordingId, req.accountId(), 0, null, first.stream(), req.format(), name,
                out, begin, begin, end, durationMs, size, tracks.videoCodec(), tracks.audioCodec(), tracks.width(),
                tracks.height(), 0, SplitReason.CLIP.wire(), begin, false));
        LOG.info("clip {}: {} ms of {} from {} file(s) in {} ms", recordingId, durationMs, req.format(),
                sources.size(), (System.nanoTime() - t0) / 1_000_000);
        return index.jdbi().withHandle(h -> index.byRecording(h, recordingId, name)).orElseThrow();
    }

    /** Passes the sources' packets through a {@link KeyframeCut} into {@code writer}, then closes the writer. */
    private KeyframeCut feed(MediaWriter writer, String recordingId, List<RecordFile> sources, SourceFiles files,
                             List<Path> firstMedia, TrackFacts tracks, long startMs, long endMs,
                             List<Object> mappings) throws IOException {
        KeyframeCut cut = new KeyframeCut(writer, startMs, endMs, tracks.video() != null);
        try (cut) {
            for (int i = 0; i < sources.size() && !cut.done(); i++) {
                RecordFile f = sources.get(i);
                List<Path> media = i == 0 ? firstMedia : files.of(f);
                TrackFacts these = i == 0 ? tracks : ContainerProbe.probe(media.get(0));
                if (i > 0 && (!sameCodecs(tracks, these) || !SourcePackets.readable(f.format(), these))) {
                    LOG.info("clip {}: codecs change in {}; the clip ends there", recordingId, f.fileId());
                    break;
                }
                if (!SourcePackets.read(f.format(), media, files, f.start().toEpochMilli(), cut, mappings)) break;
            }
        } finally {
            writer.close();
        }
        return cut;
    }

    private static boolean sameCodecs(TrackFacts a, TrackFacts b) {
        return a.video() == b.video() && a.audio() == b.audio();
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            LOG.warn("could not delete clip work directory {}: {}", dir, e.toString());
        }
    }

}
