package dev.liverec.record.session;

import dev.liverec.record.output.OutputFormat;
import dev.liverec.record.output.RecordOutput;
import dev.liverec.record.output.Tracks;
import dev.liverec.stream.StreamInfo;

import java.io.IOException;
import java.time.Instant;

/**
 * One file of a recording being written (for HLS one playlist and its segments): its output, its timeline, where
 * RecordInterval may cut it, and the facts it is committed with. Fed by one session at a time, on that session's
 * event loop; after an HLS re-push another session takes it over ({@link #feedFrom}) and its publisher clock dates
 * what follows.
 */
final class RecordFile {
    final Timeline timeline = new Timeline();
    final IntervalCut interval;
    final boolean audioOnly;
    final long baseIn;
    final String videoCodec;
    final String audioCodec;
    final int width;
    final int height;
    private RecordOutput output;
    private PublisherClock clock;
    /** Wall-clock time of the first packet, fixed when the file closes or parks. */
    Instant startWall;
    /** Output time of the last flush. */
    long flushedAt;

    private RecordFile(IntervalCut interval, boolean audioOnly, long baseIn, Tracks tracks, StreamInfo info,
                       PublisherClock clock) {
        this.interval = interval;
        this.audioOnly = audioOnly;
        this.baseIn = baseIn;
        this.videoCodec = tracks.hasVideo() ? tracks.videoCodec().shortName() : null;
        this.audioCodec = tracks.hasAudio() ? tracks.audioCodec().shortName() : null;
        this.width = tracks.hasVideo() ? info.width() : 0;
        this.height = tracks.hasVideo() ? info.height() : 0;
        this.clock = clock;
    }

    /** Opens a file of {@code rec} whose first packet has input dts {@code baseIn} (output time 0). */
    static RecordFile open(RecordContext ctx, Recording rec, String partName, Tracks tracks, StreamInfo info,
                           IntervalCut interval, boolean audioOnly, long baseIn, PublisherClock clock)
            throws IOException {
        RecordFile f = new RecordFile(interval, audioOnly, baseIn, tracks, info, clock);
        OutputFormat format = ctx.format(rec.spec().format());
        f.output = format.open(rec.workDir(), partName, tracks, ctx.settings(), f::wallAt, ctx.files());
        f.timeline.start(baseIn, 0);
        interval.started(0);
        return f;
    }

    RecordOutput output() { return output; }

    /** Wall-clock time of output time {@code out}, on the feeding publisher's clock (EXT-X-PROGRAM-DATE-TIME). */
    private Instant wallAt(long out) {
        return clock.at(timeline.base() + out);
    }

    /** A re-push feeds this file now: its packets follow the latest output time after a discontinuity. */
    void feedFrom(PublisherClock next, long inDts) {
        clock = next;
        timeline.bridge(inDts);
        flushedAt = timeline.end();
    }

    /** Fixes the wall-clock start (on the clock of the publisher that fed the first packet). */
    void fixStartWall() {
        if (startWall == null) startWall = clock.startOf(baseIn, timeline.first());
    }

    long durationMillis() {
        return Math.max(0, timeline.end() - timeline.first());
    }
}
