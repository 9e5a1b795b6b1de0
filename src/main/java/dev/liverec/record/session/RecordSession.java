package dev.liverec.record.session;

import dev.liverec.media.Codec;
import dev.liverec.media.MediaPacket;
import dev.liverec.record.output.OutputFormat;
import dev.liverec.storage.DiskSpace;
import dev.liverec.stream.LiveStream;
import dev.liverec.stream.StreamSubscriber;
import dev.liverec.control.RecordFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One {@link Recording} fed by one publish of its stream: reads the stream's packets and drives the recording's
 * current {@link RecordFile}. Who decides what: {@link StreamTracks} knows the track configuration, {@link StartGate}
 * when a file may open, {@link Timeline} where a packet goes on the file's time axis, {@link CutPlan} when the file
 * ends or flushes, {@link PublisherClock} what wall-clock time a packet has. Confined to the stream's event loop;
 * finishing and committing files goes to the blocking executor through the recording. About 300 lines: this is
 * where those pieces meet (open, write, cut, park, resume, stop, fail), while each rule lives in its own class.
 */
public final class RecordSession implements StreamSubscriber {
    private static final Logger LOG = LoggerFactory.getLogger(RecordSession.class);

    /** The scheduler's side: told when the session is over, or parked for an HLS resume. Must not block. */
    public interface Host {
        void ended(RecordSession session);

        void parked(RecordSession session, ParkedPlaylist parked);

        /** The session gave up on ENOSPC (its files wait in the work directory, the journal row stays). */
        default void noSpace(RecordSession session, IOException e) {
            ended(session);
        }

        /** A recording's commit failed for want of space: its files wait for room (any thread). */
        default void stranded(String recordingId) {
        }
    }

    private final RecordContext ctx;
    private final Recording rec;
    private final OutputFormat format;
    private final Host host;
    private final boolean hls;
    private final CutPlan plan;
    private final StreamTracks tracks = new StreamTracks(this);
    private final StartGate gate;
    private final PublisherClock clock;
    private LiveStream stream;
    private boolean closed;
    /** This audio-only format cannot take the stream's audio codec (reported once). */
    private Codec refusedAudio;
    private RecordFile file;
    private ParkedPlaylist resume;
    private int files;

    /** @param resume an HLS playlist this session continues at its first keyframe, or null */
    public RecordSession(RecordContext ctx, Recording rec, Host host, ParkedPlaylist resume) {
        this.ctx = ctx;
        this.rec = rec;
        this.format = ctx.format(rec.spec().format());
        this.host = host;
        this.hls = rec.spec().format() == RecordFormat.HLS;
        this.plan = new CutPlan(hls, rec.spec().intervalMillis(), ctx.settings().mp4FragmentMillis());
        this.gate = new StartGate(format, tracks, this::refuseAudio);
        this.clock = new PublisherClock(ctx.clock());
        this.resume = resume;
    }

    public RecordingSpec spec() { return rec.spec(); }
    public String recordingId() { return rec.id(); }
    public LiveStream stream() { return stream; }

    /** Subscribes (from any thread); the GOP cache replay gives the keyframe at or before now. */
    public void start(LiveStream s) {
        start(s, null);
    }

    /** Subscribes, first taking what {@code buffer} kept since the publish began (when given). */
    public void start(LiveStream s, PublishBuffer buffer) {
        this.stream = s;
        ctx.metrics().sessionStarted(rec.spec().format());
        if (buffer == null) s.subscribe(this, true);
        else s.eventLoop().execute(() -> buffer.handOver(s, this));
    }

    /**
     * Closes the current file at once with {@code reason} (task_stop, task_end, shutdown); any thread.
     *
     * @return completes when the session's files are committed
     */
    public CompletableFuture<Void> stop(String reason) {
        var done = new CompletableFuture<Void>();
        stream.eventLoop().execute(() -> {
            if (closed) {
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
        if (closed) return;
        try {
            if (p.isSequenceHeader()) {
                trackChange(p, tracks.header(p));
                return;
            }
            if (p.codec() == Codec.MP3) {
                StreamTracks.Change c = tracks.mp3Frame(p);
                if (c == StreamTracks.Change.UNREADABLE) return;
                trackChange(p, c);
            }
            clock.arrived(p);
            if (file == null) clock.settle();
            if (p.isVideo() && !format.wantsVideo()) return;
            feed(p);
        } catch (IOException | RuntimeException e) {
            fail(e);
        }
    }

    /** A track's configuration changed: what is held belongs to the old one, and the plan may end the file. */
    private void trackChange(MediaPacket p, StreamTracks.Change c) throws IOException {
        if (c != StreamTracks.Change.CHANGED) return;
        gate.reset();
        if (file != null && plan.next(file, p, true, null) == CutPlan.Step.CUT_CODEC_CHANGE) closeFile("codec_change");
    }

    @Override
    public void onStreamEnd(LiveStream s) {
        if (closed) return;
        var spec = rec.spec();
        boolean windowOpen = spec.endTime() == null || ctx.clock().instant().isBefore(spec.endTime());
        if (hls && file != null && spec.flowContinueMillis() > 0 && windowOpen) {
            try {
                file.output().flush();
            } catch (IOException e) {
                fail(e);
                return;
            }
            file.fixStartWall();
            RecordFile f = file;
            file = null;
            closed = true;
            release();
            host.parked(this, new ParkedPlaylist(rec, f));
            rec.status("paused", "stream ended, waiting for a re-push");
            return;
        }
        closeAll("stream_end");
    }

    /** Writes {@code p}, opening a file first when the gate lets it. */
    private void feed(MediaPacket p) throws IOException {
        if (file == null) {
            StartGate.Start start = gate.offer(p, stream);
            if (start == null) return;
            if (!start.held().isEmpty()) {
                writeHeld(start);
                if (start.thenOffered()) feed(p);
                return;
            }
            open(p, start.audioOnly());
        }
        write(p);
    }

    /** Opens the file with the held packets and writes them. */
    private void writeHeld(StartGate.Start start) throws IOException {
        List<MediaPacket> q = start.held();
        try {
            open(q.get(0), start.audioOnly());
            write(q.get(0));
            for (int i = 1; i < q.size(); i++) feed(q.get(i));
        } finally {
            for (MediaPacket x : q) x.release();
        }
    }

    /** This audio-only format stores one codec as it came; a stream with other audio is not recorded in it. */
    private void refuseAudio(Codec got, Codec wanted) {
        if (got == refusedAudio) return;
        refusedAudio = got;
        LOG.warn("{} {}: {} recording needs {} audio but the stream sends {}: not recorded (no transcoding)", stream,
                rec.spec().ownerId(), rec.spec().format(), wanted.shortName(), got.shortName());
        rec.status("failed", "audio codec " + got.shortName() + " cannot be recorded as "
                + rec.spec().format().extension() + " without transcoding");
    }

    private void open(MediaPacket p, boolean audioOnly) throws IOException {
        var t = tracks.current(audioOnly);
        if (resume != null) {
            file = resume.file();
            resume = null;
            ctx.metrics().sessionEnded(rec.spec().format()); // the parked output is this session's now
            file.feedFrom(clock, stream, p.dts());
            file.output().discontinuity(t);
            rec.status("resumed", "re-push within FlowContinueDuration");
        } else {
            String part = rec.nextPartName(clock.at(p.dts()));
            file = RecordFile.open(ctx, rec, part, t, stream, plan.intervalFor(audioOnly), audioOnly, p.dts(), clock);
            if (files == 0) rec.status("started", "");
        }
        files++;
    }

    private void write(MediaPacket p) throws IOException {
        RecordFile f = file;
        if (f.audioOnly && p.isVideo()) return;
        Timeline.Verdict verdict = f.timeline.map(p);
        if (verdict != Timeline.Verdict.JUMP) clock.settle();
        CutPlan.Step step = plan.next(f, p, false, verdict);
        switch (step) {
            case DROP:
                return;
            case DISCONTINUITY:
                f.fixStartWall(); // on the old clock, before the wall offset follows the new one
                clock.jumped();
                LOG.info("{} {}: timestamp jump at dts {}, HLS discontinuity", stream, rec.spec().ownerId(), p.dts());
                f.timeline.bridge(p.dts());
                f.output().discontinuity(tracks.current(f.audioOnly));
                f.timeline.map(p);
                append(f, p, plan.next(f, p, false, Timeline.Verdict.OK));
                return;
            case CUT_TIMESTAMP_JUMP:
                f.fixStartWall();
                clock.jumped();
                LOG.info("{} {}: timestamp jump at dts {}, new file", stream, rec.spec().ownerId(), p.dts());
                closeFile("timestamp_jump");
                feed(p);
                return;
            case CUT_INTERVAL:
                closeFile("interval");
                open(p, f.audioOnly);
                write(p);
                return;
            default:
                append(f, p, step);
        }
    }

    /** Hands {@code p} to the output (WRITE), and its bytes to the OS when the plan says so (WRITE_AND_FLUSH). */
    private static void append(RecordFile f, MediaPacket p, CutPlan.Step step) throws IOException {
        f.output().write(p, f.timeline.outDts(), f.timeline.outPts());
        if (step == CutPlan.Step.WRITE_AND_FLUSH) {
            f.flushedAt = f.timeline.outDts(); // a crash loses at most this much
            f.output().flush();
        }
    }

    private void closeFile(String reason) throws IOException {
        RecordFile f = file;
        if (f == null) return;
        file = null;
        f.output().flush();
        f.fixStartWall();
        rec.commit(f, reason);
    }

    private CompletableFuture<Void> closeAll(String reason) {
        try {
            StartGate.Start held = gate.drain();
            if (held != null) writeHeld(held); // a stream that ended before its audio came
            closeFile(reason);
        } catch (IOException e) {
            fail(e);
            return CompletableFuture.completedFuture(null);
        }
        closed = true;
        release();
        CompletableFuture<Void> done;
        if (resume != null) { // stopped before the re-push delivered a keyframe: the parked playlist ends here
            done = resume.finish(reason);
            resume = null;
        } else {
            done = rec.end();
        }
        rec.ended(reason);
        host.ended(this);
        return done;
    }

    private void fail(Exception e) {
        boolean noSpace = DiskSpace.isNoSpace(e);
        if (noSpace) { // expected on a full disk: one line, no stack trace
            LOG.warn("recording {} ({} {} {}): no space left on device; its files are committed when room is back",
                    rec.id(), stream, rec.spec().ownerId(), rec.spec().format());
            rec.status("interrupted", "disk_full: " + e.getMessage());
        } else {
            LOG.error("recording {} ({} {} {}) failed; files so far are kept for recovery", rec.id(), stream,
                    rec.spec().ownerId(), rec.spec().format(), e);
            rec.status("failed", String.valueOf(e.getMessage()));
        }
        ctx.metrics().failed();
        if (file != null) {
            file.output().abort();
            file.release();
        }
        file = null;
        closed = true;
        release();
        LiveStream s = stream;
        s.eventLoop().execute(() -> s.unsubscribe(this)); // not inside the stream's dispatch loop
        ctx.metrics().sessionEnded(rec.spec().format());
        if (noSpace) host.noSpace(this, e instanceof IOException io ? io : new IOException(e));
        else host.ended(this);
    }

    private void release() {
        tracks.release();
        gate.reset();
    }

    @Override
    public String toString() {
        return "RecordSession[" + rec.id() + " " + rec.spec().ownerId() + " " + rec.spec().format() + "]";
    }
}
