package dev.liverec.record;

import dev.liverec.media.Codec;
import dev.liverec.media.MediaPacket;
import dev.liverec.stream.LiveStream;
import dev.liverec.stream.StreamInfo;
import dev.liverec.stream.StreamSubscriber;
import dev.liverec.task.RecordFormat;
import io.netty.buffer.ByteBufUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Instant;

/**
 * Records one stream for one owner in one format: waits for the sequence headers and a keyframe (an audio frame
 * for audio-only), rebases timestamps, feeds the format's output and cuts files by RecordInterval and at
 * timestamp breaks (HLS marks a discontinuity instead). Confined to the stream's event loop; finishing and
 * committing files goes to the blocking executor through its {@link Recording}.
 */
public final class RecordSession implements StreamSubscriber {
    private static final Logger LOG = LoggerFactory.getLogger(RecordSession.class);
    private static final long NONE = Long.MIN_VALUE;
    /** How long audio may flow without any video header before an A/V format records audio only. */
    static final long AUDIO_ONLY_WAIT_MS = 1000;

    enum State { WAITING, RECORDING, CLOSED }

    /** The scheduler's side: told when the session is over, or parked for an HLS resume. Must not block. */
    interface Host {
        void ended(RecordSession session);

        void parked(RecordSession session, Parked parked);
    }

    /** An HLS output kept open across an interruption, waiting for a re-push within FlowContinueDuration. */
    record Parked(Recording recording, OpenFile file) {
        /** No re-push came in time: finish the playlist (any thread). */
        java.util.concurrent.CompletableFuture<Void> finish(String reason) {
            recording.commit(file.output, file.facts(reason, recording));
            file.session.ctx.events().status(recording.spec, recording.recordingId, "ended", reason);
            file.session.ctx.metrics().sessionEnded(recording.spec.format());
            return recording.end();
        }
    }

    /** The file being written. */
    static final class OpenFile {
        final RecordSession session;
        /** The session feeding the file now (another one after an HLS resume). */
        volatile RecordSession owner;
        final FormatOutput output;
        final Timeline timeline = new Timeline();
        final Segmenter splitter;
        final boolean audioOnly;
        final long baseIn;
        final String videoCodec;
        final String audioCodec;
        final int width;
        final int height;
        Instant startWall;
        long flushedAt;

        OpenFile(RecordSession session, FormatOutput output, Segmenter splitter, boolean audioOnly, long baseIn,
                 Tracks tracks, StreamInfo info) {
            this.session = session;
            this.owner = session;
            this.output = output;
            this.splitter = splitter;
            this.audioOnly = audioOnly;
            this.baseIn = baseIn;
            this.videoCodec = tracks.hasVideo() ? tracks.videoCodec().shortName() : null;
            this.audioCodec = tracks.hasAudio() ? tracks.audioCodec().shortName() : null;
            this.width = tracks.hasVideo() ? info.width() : 0;
            this.height = tracks.hasVideo() ? info.height() : 0;
        }

        Recording.FileFacts facts(String reason, Recording rec) {
            long duration = Math.max(0, timeline.end() - timeline.first());
            Instant end = startWall.plusMillis(duration);
            String stem = rec.uniqueStem(session.ctx.namer().name(rec.spec.param().vodFileName(),
                    rec.spec.stream().name(), startWall, end, null));
            return new Recording.FileFacts(stem, startWall, end, duration, videoCodec, audioCodec, width, height,
                    reason);
        }
    }

    private final RecordContext ctx;
    private final Recording rec;
    private final OutputFormat format;
    private final Host host;
    private final boolean hls;
    private LiveStream stream;
    private State state = State.WAITING;
    private MediaPacket videoHeader;
    private MediaPacket audioHeader;
    private OpenFile file;
    private Parked resume;
    private long wallOffset = Long.MAX_VALUE;
    /** Arrival time minus dts of the packet being handled. */
    private long arrivalOffset;
    private long audioWaitFirst = NONE;
    private int files;

    RecordSession(RecordContext ctx, Recording rec, Host host, Parked resume) {
        this.ctx = ctx;
        this.rec = rec;
        this.format = ctx.format(rec.spec.format());
        this.host = host;
        this.hls = rec.spec.format() == RecordFormat.HLS;
        this.resume = resume;
    }

    public RecordingSpec spec() { return rec.spec; }
    public String recordingId() { return rec.recordingId; }
    public LiveStream stream() { return stream; }
    /** Files opened so far (read on the loop; tests). */
    int filesOpened() { return files; }

    /** Subscribes (from any thread); the GOP cache replay gives the keyframe at or before now. */
    public void start(LiveStream s) {
        start(s, null);
    }

    /** Subscribes, first taking what {@code buffer} kept since the publish began (when given). */
    void start(LiveStream s, PublishBuffer buffer) {
        this.stream = s;
        ctx.metrics().sessionStarted(rec.spec.format());
        if (buffer == null) s.subscribe(this, true);
        else s.eventLoop().execute(() -> buffer.handOver(s, this));
    }

    /**
     * Closes the current file at once with {@code reason} (task_stop, task_end, shutdown); any thread.
     *
     * @return completes when the session's files are committed
     */
    public java.util.concurrent.CompletableFuture<Void> stop(String reason) {
        var done = new java.util.concurrent.CompletableFuture<Void>();
        stream.eventLoop().execute(() -> {
            if (state == State.CLOSED) {
                done.complete(null);
                return;
            }
            stream.unsubscribe(this);
            closeAll(reason).whenComplete((v, e) -> done.complete(null));
        });
        return done;
    }

    @Override
    public void onPacket(LiveStream s, MediaPacket p) {
        if (state == State.CLOSED) return;
        try {
            if (p.isSequenceHeader()) {
                header(p);
                return;
            }
            arrivalOffset = ctx.clock().millis() - p.dts();
            if (state == State.WAITING) wallOffset = Math.min(wallOffset, arrivalOffset);
            if (p.isVideo() && !format.wantsVideo()) return;
            if (state == State.WAITING && !tryOpen(p)) return;
            write(p);
        } catch (IOException | RuntimeException e) {
            fail(e);
        }
    }

    @Override
    public void onStreamEnd(LiveStream s) {
        if (state == State.CLOSED) return;
        boolean windowOpen = rec.spec.endTime() == null || ctx.clock().instant().isBefore(rec.spec.endTime());
        if (hls && file != null && rec.spec.flowContinueMillis() > 0 && windowOpen) {
            try {
                file.output.flush();
            } catch (IOException e) {
                fail(e);
                return;
            }
            fixStartWall(file);
            OpenFile f = file;
            file = null;
            state = State.CLOSED;
            releaseHeaders();
            host.parked(this, new Parked(rec, f));
            ctx.events().status(rec.spec, rec.recordingId, "paused", "stream ended, waiting for a re-push");
            return;
        }
        closeAll("stream_end");
    }

    private void header(MediaPacket p) throws IOException {
        MediaPacket old = p.isVideo() ? videoHeader : audioHeader;
        if (old != null && ByteBufUtil.equals(old.payload(), p.payload())) return;
        if (p.isVideo()) videoHeader = p.retain(); else audioHeader = p.retain();
        if (old != null) {
            old.release();
            if (file != null && (p.isAudio() || !file.audioOnly)) {
                closeFile("codec_change"); // a file holds one codec configuration per track
                state = State.WAITING;
            }
        }
    }

    /** In WAITING: opens a file if {@code p} can start one. */
    private boolean tryOpen(MediaPacket p) throws IOException {
        if (!format.wantsVideo()) {
            if (!p.isAudio() || (audioHeader == null && p.codec() == Codec.AAC)) return false;
            open(p, true);
            return true;
        }
        if (p.isVideo()) {
            if (!p.isKeyframe() || videoHeader == null) return false;
            open(p, false);
            return true;
        }
        boolean videoExpected = videoHeader != null || stream.info().videoCodec() != null;
        if (videoExpected || (audioHeader == null && p.codec() == Codec.AAC)) return false;
        if (audioWaitFirst == NONE) audioWaitFirst = p.dts();
        if (p.dts() - audioWaitFirst < AUDIO_ONLY_WAIT_MS) return false;
        open(p, true);
        return true;
    }

    private void open(MediaPacket p, boolean audioOnly) throws IOException {
        Tracks tracks = audioOnly ? new Tracks(null, audioHeader) : new Tracks(videoHeader, audioHeader);
        if (resume != null) {
            file = resume.file();
            file.owner = this;
            resume = null;
            ctx.metrics().sessionEnded(rec.spec.format()); // the parked output is this session's now
            file.timeline.bridge(p.dts());
            file.flushedAt = file.timeline.end();
            file.output.discontinuity(tracks);
            ctx.events().status(rec.spec, rec.recordingId, "resumed", "re-push within FlowContinueDuration");
        } else {
            Instant provisional = Instant.ofEpochMilli(wallOffset + p.dts());
            String part = rec.nextPartName(provisional);
            OpenFile[] holder = new OpenFile[1];
            OutputFormat.WallClock wall = out -> holder[0].owner.wallTime(holder[0], out);
            FormatOutput out = format.open(rec.workDir, part, tracks, ctx.settings(), wall, ctx.files());
            file = new OpenFile(this, out, new Segmenter(hls ? 0 : rec.spec.intervalMillis(), audioOnly), audioOnly,
                    p.dts(), tracks, stream.info());
            holder[0] = file;
            file.timeline.start(p.dts(), 0);
            file.splitter.started(0);
            if (files == 0) ctx.events().status(rec.spec, rec.recordingId, "started", "");
        }
        files++;
        state = State.RECORDING;
    }

    private void write(MediaPacket p) throws IOException {
        OpenFile f = file;
        if (f.audioOnly && p.isVideo()) return;
        Timeline.Verdict verdict = f.timeline.map(p);
        if (verdict != Timeline.Verdict.JUMP) wallOffset = Math.min(wallOffset, arrivalOffset);
        switch (verdict) {
            case DROP:
                return;
            case JUMP:
                fixStartWall(f); // on the old clock, before the wall offset follows the new one
                wallOffset = arrivalOffset;
                if (hls) {
                    LOG.info("{} {}: timestamp jump at dts {}, HLS discontinuity", stream, rec.spec.ownerId(), p.dts());
                    f.timeline.bridge(p.dts());
                    f.output.discontinuity(currentTracks(f));
                    f.timeline.map(p);
                    break;
                }
                LOG.info("{} {}: timestamp jump at dts {}, new file", stream, rec.spec.ownerId(), p.dts());
                closeFile("timestamp_jump");
                state = State.WAITING;
                if (tryOpen(p)) write(p);
                return;
            default:
                break;
        }
        if (f.splitter.shouldCut(p, f.timeline.outDts())) {
            closeFile("interval");
            open(p, f.audioOnly);
            write(p);
            return;
        }
        f.output.write(p, f.timeline.outDts(), f.timeline.outPts());
        if (f.timeline.outDts() - f.flushedAt >= ctx.settings().mp4FragmentMillis()) {
            f.flushedAt = f.timeline.outDts(); // a crash loses at most this much
            f.output.flush();
        }
    }

    private Tracks currentTracks(OpenFile f) {
        return f.audioOnly ? new Tracks(null, audioHeader) : new Tracks(videoHeader, audioHeader);
    }

    /** Wall-clock time of output time {@code out} of {@code f}, on this session's publisher clock. */
    private Instant wallTime(OpenFile f, long out) {
        long offset = wallOffset == Long.MAX_VALUE ? ctx.clock().millis() - f.timeline.base() - out : wallOffset;
        return Instant.ofEpochMilli(offset + f.timeline.base() + out);
    }

    private void fixStartWall(OpenFile f) {
        if (f.startWall == null) {
            long offset = wallOffset == Long.MAX_VALUE ? ctx.clock().millis() - f.baseIn : wallOffset;
            f.startWall = Instant.ofEpochMilli(offset + f.baseIn + f.timeline.first());
        }
    }

    private void closeFile(String reason) throws IOException {
        OpenFile f = file;
        if (f == null) return;
        file = null;
        f.output.flush();
        fixStartWall(f);
        rec.commit(f.output, f.facts(reason, rec));
    }

    private java.util.concurrent.CompletableFuture<Void> closeAll(String reason) {
        try {
            closeFile(reason);
        } catch (IOException e) {
            fail(e);
            return java.util.concurrent.CompletableFuture.completedFuture(null);
        }
        java.util.concurrent.CompletableFuture<Void> done;
        state = State.CLOSED;
        releaseHeaders();
        if (resume != null) { // stopped before the re-push delivered a keyframe: the parked playlist ends here
            done = resume.finish(reason);
            resume = null;
        } else {
            done = rec.end();
        }
        ctx.metrics().sessionEnded(rec.spec.format());
        ctx.events().status(rec.spec, rec.recordingId, "ended", reason);
        host.ended(this);
        return done;
    }

    private void fail(Exception e) {
        LOG.error("recording {} ({} {} {}) failed; files so far are kept for recovery", rec.recordingId, stream,
                rec.spec.ownerId(), rec.spec.format(), e);
        ctx.metrics().failed();
        ctx.events().status(rec.spec, rec.recordingId, "failed", String.valueOf(e.getMessage()));
        if (file != null) file.output.abort();
        file = null;
        state = State.CLOSED;
        releaseHeaders();
        LiveStream s = stream;
        s.eventLoop().execute(() -> s.unsubscribe(this)); // not inside the stream's dispatch loop
        ctx.metrics().sessionEnded(rec.spec.format());
        host.ended(this);
    }

    private void releaseHeaders() {
        MediaPacket.safeRelease(videoHeader);
        MediaPacket.safeRelease(audioHeader);
        videoHeader = null;
        audioHeader = null;
    }

    @Override
    public String toString() {
        return "RecordSession[" + rec.recordingId + " " + rec.spec.ownerId() + " " + rec.spec.format() + "]";
    }
}
