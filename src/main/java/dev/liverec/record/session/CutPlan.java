package dev.liverec.record.session;

import dev.liverec.media.MediaPacket;

/**
 * Every rule on when a recording's file ends and when its bytes go to the OS, in one place (the plan apart from
 * the file, like SRS's DVR plan; one decision per packet, like MediaMTX's format write()):
 * <ul>
 *   <li>a new configuration of a track (sequence header, AAC ↔ MP3, another MP3 format) ends the file, which holds
 *       one per track (video changes do not touch an audio-only file);</li>
 *   <li>a break in the publisher's clock ends it too; HLS marks a discontinuity instead and goes on;</li>
 *   <li>RecordInterval ends it at the first cut point once reached (never for HLS, which segments itself);</li>
 *   <li>written bytes are handed to the OS every fragment period, so a crash loses at most that much.</li>
 * </ul>
 */
final class CutPlan {
    /** What to do with a packet of an open file. */
    enum Step { DROP, WRITE, WRITE_AND_FLUSH, DISCONTINUITY, CUT_TIMESTAMP_JUMP, CUT_INTERVAL, CUT_CODEC_CHANGE, KEEP }

    private final boolean hls;
    private final long intervalMillis;
    private final long flushMillis;

    CutPlan(boolean hls, long intervalMillis, long flushMillis) {
        this.hls = hls;
        this.intervalMillis = intervalMillis;
        this.flushMillis = flushMillis;
    }

    /** Where a new file may be cut by RecordInterval. */
    IntervalCut intervalFor(boolean audioOnly) {
        return new IntervalCut(hls ? 0 : intervalMillis, audioOnly);
    }

    /**
     * The one decision: what {@code p} does to {@code f}.
     *
     * @param trackChanged {@code p} brought a new configuration of its track (then {@code verdict} is not used)
     * @param verdict      where the file's timeline put {@code p}
     */
    Step next(RecordFile f, MediaPacket p, boolean trackChanged, Timeline.Verdict verdict) {
        if (trackChanged) return p.isAudio() || !f.audioOnly ? Step.CUT_CODEC_CHANGE : Step.KEEP;
        switch (verdict) {
            case DROP:
                return Step.DROP;
            case JUMP:
                return hls ? Step.DISCONTINUITY : Step.CUT_TIMESTAMP_JUMP;
            default:
                break;
        }
        long out = f.timeline.outDts();
        if (f.interval.shouldCut(p, out)) return Step.CUT_INTERVAL;
        return out - f.flushedAt >= flushMillis ? Step.WRITE_AND_FLUSH : Step.WRITE;
    }
}
