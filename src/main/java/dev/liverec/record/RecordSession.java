package dev.liverec.record;

import dev.liverec.media.Codec;
import dev.liverec.media.MediaFormatException;
import dev.liverec.media.MediaPacket;
import dev.liverec.media.codec.Mp3FrameHeader;
import dev.liverec.stream.LiveStream;
import dev.liverec.stream.StreamInfo;
import dev.liverec.stream.StreamSubscriber;
import dev.liverec.control.RecordFormat;
import io.netty.buffer.ByteBufUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Records one stream for one owner in one format: waits for the sequence headers and a keyframe (an audio frame
 * for audio-only), rebases timestamps, feeds the format's output and cuts files by RecordInterval and at
 * timestamp breaks (HLS marks a discontinuity instead). Confined to the stream's event loop; finishing and
 * committing files goes to the blocking executor through its {@link Recording}.
 *
 * <p>MP3 has no sequence header: its track is known from its first frame, and a keyframe that comes before any
 * audio is held (up to {@link #AUDIO_ONLY_WAIT_MS} of video, by reference) while the stream's metadata or info
 * says audio will follow, so the file starts with both tracks. Likewise audio without video is held for
 * {@link #AUDIO_ONLY_WAIT_MS} before an A/V format starts an audio-only file with it. A change of audio codec
 * (AAC ↔ MP3) or of MP3 version, layer, rate or channel count starts a new file like a new sequence header does.
 */
public final class RecordSession implements StreamSubscriber {
    private static final Logger LOG = LoggerFactory.getLogger(RecordSession.class);
    /**
     * How long audio may flow without any video header before an A/V format records audio only, and how much video
     * is held after a keyframe for an announced audio track (MP3) not seen yet.
     */
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
    /** The stream's MP3 format (from the latest frame) while its audio is MP3, else null; excludes audioHeader. */
    private Mp3FrameHeader mp3;
    /** The header bits that define {@link #mp3}: sync, version, layer, rate index, mono. */
    private int mp3Key;
    private boolean mp3Unreadable;
    /** A keyframe and what followed it, held while the audio track is not known yet (retained). */
    private List<MediaPacket> held = new ArrayList<>();
    /** This audio-only format cannot take the stream's audio codec (reported once). */
    private Codec refusedAudio;
    private OpenFile file;
    private Parked resume;
    private long wallOffset = Long.MAX_VALUE;
    /** Arrival time minus dts of the packet being handled. */
    private long arrivalOffset;
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
            if (p.codec() == Codec.MP3 && !mp3Frame(p)) return;
            arrivalOffset = ctx.clock().millis() - p.dts();
            if (state == State.WAITING) wallOffset = Math.min(wallOffset, arrivalOffset);
            if (p.isVideo() && !format.wantsVideo()) return;
            feed(p);
        } catch (IOException | RuntimeException e) {
            fail(e);
        }
    }

    private void feed(MediaPacket p) throws IOException {
        if (state == State.WAITING && !tryOpen(p)) return;
        write(p);
    }

    /**
     * Learns the MP3 format from a frame's header; a new format after another audio format (AAC, or MP3 with other
     * parameters) is a codec change.
     *
     * @return false to drop a frame whose header cannot be read
     */
    private boolean mp3Frame(MediaPacket p) throws IOException {
        var b = p.payload();
        if (b.readableBytes() < 4) return unreadableMp3(p, "frame too short");
        int h = b.getInt(b.readerIndex());
        int key = (h & 0xFFFE0C00) | (((h >> 6) & 3) == 3 ? 1 : 0);
        if (key == mp3Key) return true;
        Mp3FrameHeader parsed;
        try {
            parsed = Mp3FrameHeader.parse(h);
        } catch (MediaFormatException e) {
            return unreadableMp3(p, e.getMessage());
        }
        boolean change = mp3 != null || audioHeader != null;
        mp3 = parsed;
        mp3Key = key;
        if (audioHeader != null) {
            audioHeader.release();
            audioHeader = null;
        }
        if (change) audioChanged();
        return true;
    }

    private boolean unreadableMp3(MediaPacket p, String why) {
        if (!mp3Unreadable) {
            mp3Unreadable = true;
            LOG.warn("{} {}: MP3 frame dropped ({}): {}", stream, rec.spec.ownerId(), why, p);
        }
        return false;
    }

    /** The audio track's configuration changed: a file holds one per track. */
    private void audioChanged() throws IOException {
        releaseHeld(); // held frames belong to the old configuration
        if (file != null) {
            closeFile("codec_change");
            state = State.WAITING;
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
        boolean fromMp3 = p.isAudio() && mp3 != null;
        if (p.isVideo()) {
            videoHeader = p.retain();
        } else {
            audioHeader = p.retain();
            mp3 = null;
            mp3Key = 0;
        }
        if (old != null) old.release();
        if (old != null || fromMp3) releaseHeld(); // held frames belong to the old configuration
        if ((old != null || fromMp3) && file != null && (p.isAudio() || !file.audioOnly)) {
            closeFile("codec_change"); // a file holds one codec configuration per track
            state = State.WAITING;
        }
    }

    private boolean audioKnown() {
        return audioHeader != null || mp3 != null;
    }

    /** The stream announced audio (onMetaData) or sent some: worth holding video for its track. */
    private boolean audioExpected() {
        return stream.info().audioCodec() != null || stream.metadata().get("audiocodecid") != null;
    }

    /** In WAITING: opens a file if {@code p} can start one. */
    private boolean tryOpen(MediaPacket p) throws IOException {
        if (!format.wantsVideo()) {
            if (!p.isAudio() || (audioHeader == null && p.codec() == Codec.AAC)) return false;
            Codec only = format.audioCodec();
            if (only != null && p.codec() != only) {
                refuseAudio(p.codec(), only);
                return false;
            }
            open(p, true);
            return true;
        }
        if (!held.isEmpty() && held.get(0).isVideo()) return holdingVideo(p);
        if (p.isVideo()) {
            releaseHeld(); // audio held for an audio-only start: video came after all
            if (!p.isKeyframe() || videoHeader == null) return false;
            if (!audioKnown() && audioExpected()) {
                held.add(p.retain()); // MP3 (no sequence header) may follow the keyframe
                return false;
            }
            open(p, false);
            return true;
        }
        boolean videoExpected = videoHeader != null || stream.info().videoCodec() != null;
        if (videoExpected) {
            releaseHeld();
            return false;
        }
        if (audioHeader == null && p.codec() == Codec.AAC) return false;
        held.add(p.retain()); // no video yet: audio only once AUDIO_ONLY_WAIT_MS passed without any, from here
        if (p.dts() - held.get(0).dts() >= AUDIO_ONLY_WAIT_MS) writeHeld();
        return false;
    }

    /**
     * A keyframe is held: opens the file once the audio track is known or after {@link #AUDIO_ONLY_WAIT_MS} of
     * video (then without audio), writing the held packets first.
     *
     * @return whether {@code p} is to be written now
     */
    private boolean holdingVideo(MediaPacket p) throws IOException {
        if (!audioKnown() && p.dts() - held.get(0).dts() < AUDIO_ONLY_WAIT_MS) {
            held.add(p.retain());
            return false;
        }
        writeHeld();
        return state == State.RECORDING || tryOpen(p);
    }

    /** Opens the file with the held packets (audio-only when they start with audio) and writes them. */
    private void writeHeld() throws IOException {
        List<MediaPacket> q = held;
        held = new ArrayList<>();
        try {
            open(q.get(0), q.get(0).isAudio());
            write(q.get(0));
            for (int i = 1; i < q.size(); i++) feed(q.get(i));
        } finally {
            for (MediaPacket x : q) x.release();
        }
    }

    private void releaseHeld() {
        for (MediaPacket x : held) x.release();
        held.clear();
    }

    /** This audio-only format stores one codec as it came; a stream with other audio is not recorded in it. */
    private void refuseAudio(Codec got, Codec wanted) {
        if (got == refusedAudio) return;
        refusedAudio = got;
        LOG.warn("{} {}: {} recording needs {} audio but the stream sends {}: not recorded (no transcoding)", stream,
                rec.spec.ownerId(), rec.spec.format(), wanted.shortName(), got.shortName());
        ctx.events().status(rec.spec, rec.recordingId, "failed", "audio codec " + got.shortName()
                + " cannot be recorded as " + rec.spec.format().extension() + " without transcoding");
    }

    private void open(MediaPacket p, boolean audioOnly) throws IOException {
        Tracks tracks = currentTracks(audioOnly);
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
                    f.output.discontinuity(currentTracks(f.audioOnly));
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

    private Tracks currentTracks(boolean audioOnly) {
        return new Tracks(audioOnly ? null : videoHeader, audioHeader, mp3);
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
            if (!held.isEmpty()) writeHeld(); // a stream that ended before its audio came
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
        mp3 = null;
        releaseHeld();
    }

    @Override
    public String toString() {
        return "RecordSession[" + rec.recordingId + " " + rec.spec.ownerId() + " " + rec.spec.format() + "]";
    }
}
