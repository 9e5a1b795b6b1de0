package dev.liverec.record.session;

import dev.liverec.record.output.OutputFormat;
import dev.liverec.record.output.RecordOutput;
import dev.liverec.record.output.SerialIo;
import dev.liverec.record.output.Tracks;
import dev.liverec.stream.LiveStream;
import dev.liverec.stream.StreamInfo;

import java.io.IOException;
import java.time.Instant;
import java.util.concurrent.RejectedExecutionException;

/**
 * One file of a recording being written (for HLS one playlist and its segments): its output, its timeline, where
 * RecordInterval may cut it, and the facts it is committed with. Fed by one session at a time, on that session's
 * event loop; after an HLS re-push another session takes it over ({@link #feedFrom}) and its publisher clock dates
 * what follows. When the file's writes fall behind, it holds that publisher paused until they caught up.
 */
final class RecordFile implements SerialIo.Backpressure {
    final Timeline timeline = new Timeline();
    final IntervalCut interval;
    final boolean audioOnly;
    final long baseIn;
    /** The stem of the work files while written; the file id derives from it. */
    final String partName;
    final String videoCodec;
    final String audioCodec;
    final int width;
    final int height;
    private RecordOutput output;
    private PublisherClock clock;
    /** The publish feeding the file; read by write threads when the output falls behind or caught up. */
    private volatile LiveStream source;
    /** The session gave the file up: it holds no publisher any more. */
    private volatile boolean released;
    /** Wall-clock time of the first packet, fixed when the file closes or parks. */
    Instant startWall;
    /** Output time of the last flush. */
    long flushedAt;

    private RecordFile(String partName, IntervalCut interval, boolean audioOnly, long baseIn, Tracks tracks,
                       StreamInfo info, PublisherClock clock, LiveStream source) {
        this.partName = partName;
        this.interval = interval;
        this.audioOnly = audioOnly;
        this.baseIn = baseIn;
        this.videoCodec = tracks.hasVideo() ? tracks.videoCodec().shortName() : null;
        this.audioCodec = tracks.hasAudio() ? tracks.audioCodec().shortName() : null;
        this.width = tracks.hasVideo() ? info.width() : 0;
        this.height = tracks.hasVideo() ? info.height() : 0;
        this.clock = clock;
        this.source = source;
    }

    /** Opens a file of {@code rec} whose first packet has input dts {@code baseIn} (output time 0). */
    static RecordFile open(RecordContext ctx, Recording rec, String partName, Tracks tracks, LiveStream source,
                           IntervalCut interval, boolean audioOnly, long baseIn, PublisherClock clock)
            throws IOException {
        RecordFile f = new RecordFile(partName, interval, audioOnly, baseIn, tracks, source.info(), clock, source);
        OutputFormat format = ctx.format(rec.spec().format());
        java.nio.file.Files.createDirectories(rec.workDir()); // first file: a recording that writes nothing leaves no directory
        f.output = format.open(rec.workDir(), partName, tracks, ctx.settings(), f::wallAt, ctx.files(f));
        f.timeline.start(baseIn, 0);
        interval.started(0);
        rec.fileOpened(partName, clock.at(baseIn));
        return f;
    }

    RecordOutput output() { return output; }

    /** Wall-clock time of output time {@code out}, on the feeding publisher's clock (EXT-X-PROGRAM-DATE-TIME). */
    private Instant wallAt(long out) {
        return clock.at(timeline.base() + out);
    }

    /** A re-push feeds this file now: its packets follow the latest output time after a discontinuity. */
    void feedFrom(PublisherClock next, LiveStream stream, long inDts) {
        clock = next;
        source = stream;
        timeline.bridge(inDts);
        flushedAt = timeline.end();
    }

    /** Fixes the wall-clock start (on the clock of the publisher that fed the first packet). */
    void fixStartWall() {
        if (startWall == null) startWall = clock.startOf(baseIn, timeline.first());
    }

    /** The output fell behind or caught up: pauses or resumes the feeding publisher, as it is when this runs. */
    @Override
    public void changed(SerialIo io) {
        LiveStream s = source;
        try {
            s.eventLoop().execute(() -> {
                if (io.behind() && !released) s.pauseReading(this);
                else s.resumeReading(this);
            });
        } catch (RejectedExecutionException e) {
            // the loop is shutting down: no publisher left to pause
        }
    }

    /** The session gave the file up (after an error): it no longer holds the publisher. */
    void release() {
        released = true;
        LiveStream s = source;
        s.resumeReading(this);
    }

    long durationMillis() {
        return Math.max(0, timeline.end() - timeline.first());
    }
}
