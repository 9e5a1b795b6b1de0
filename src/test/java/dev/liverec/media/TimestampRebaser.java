package dev.liverec.media;

/**
 * Maps publisher timestamps onto one recording timeline: the first packet is at 0, each track stays monotonic,
 * and jumps are repaired and reported so the session can split the file or mark an HLS discontinuity.
 *
 * <ul>
 *   <li>32-bit wrap-around (a dts about 2^32 ms behind the last one): unwrapped, timeline continuous
 *       ({@link Jump#WRAP}).</li>
 *   <li>A forward gap above {@code forwardGapMs} or a backward step beyond {@code backwardToleranceMs}
 *       (publisher restarted its clock): the timeline continues one frame after everything written so far
 *       ({@link Jump#FORWARD}, {@link Jump#BACKWARD}: a discontinuity). Video is re-anchored so its first pts
 *       follows the latest video pts (B-frames) and lands on the frame grid of the video so far (players and
 *       ffmpeg see no two frames in one frame slot); audio then takes the same offset as video, keeping A/V
 *       together (if audio jumps first, it anchors itself and is within one video frame of it).</li>
 *   <li>Smaller backward steps (jitter) are clamped to 1 ms after the track's previous dts.</li>
 * </ul>
 * Each track keeps its own offset; pts keeps its composition offset to dts. One instance per recording,
 * confined to its event loop.
 *
 * <p>Test support: the writers' rebased-timestamp tests ({@code RebasedWriteTest}, {@code TsMuxerTest}) drive it;
 * recordings rebase with {@code record.Timeline}.
 */
public final class TimestampRebaser {
    public enum Jump { NONE, WRAP, FORWARD, BACKWARD }

    private static final long WRAP = 1L << 32;
    private final long forwardGapMs;
    private final long backwardToleranceMs;
    private final TrackState video = new TrackState(), audio = new TrackState();
    private long origin = Long.MIN_VALUE;
    private long latestOut = Long.MIN_VALUE;
    private long latestVideoPts = Long.MIN_VALUE;
    private long firstVideoPts = Long.MIN_VALUE;
    private long videoDeltaSum, videoDeltaCount;
    private long pendingVideoOffset = Long.MIN_VALUE; // offset chosen at a video jump, for audio's jump
    private Jump lastJump = Jump.NONE;

    private static final class TrackState {
        long offset = Long.MIN_VALUE; // output = input + offset
        long lastIn, lastOut = Long.MIN_VALUE, frame = 20;
    }

    public TimestampRebaser() {
        this(10_000, 500);
    }

    public TimestampRebaser(long forwardGapMs, long backwardToleranceMs) {
        this.forwardGapMs = forwardGapMs;
        this.backwardToleranceMs = backwardToleranceMs;
    }

    /** The packet on the recording timeline: a new packet sharing the payload (the caller releases both). */
    public MediaPacket rebase(MediaPacket p) {
        long dts = rebaseDts(p);
        return new MediaPacket(p.codec(), dts, dts + p.compositionTime(), p.isKeyframe(), p.isSequenceHeader(),
                p.payload().retain());
    }

    /** The rebased dts of {@code p} (pts = dts + composition time); updates the state as {@link #rebase}. */
    public long rebaseDts(MediaPacket p) {
        lastJump = Jump.NONE;
        TrackState t = p.isVideo() ? video : audio;
        long in = p.dts();
        if (origin == Long.MIN_VALUE) origin = in;
        if (t.offset == Long.MIN_VALUE) {
            t.offset = -origin;
            t.lastIn = in;
        }
        if (p.isSequenceHeader()) return Math.max(0, t.lastOut == Long.MIN_VALUE ? Math.max(0, in + t.offset) : t.lastOut);
        long delta = in - t.lastIn;
        if (t.lastOut != Long.MIN_VALUE) {
            if (delta < -(WRAP - forwardGapMs) && delta > -WRAP - forwardGapMs) {
                t.offset += WRAP;
                lastJump = Jump.WRAP;
                delta += WRAP;
            } else if (delta > forwardGapMs || delta < -backwardToleranceMs) {
                lastJump = delta > 0 ? Jump.FORWARD : Jump.BACKWARD;
                t.offset = reanchor(p, t, in);
            } else if (delta > 0 && delta < 1000) {
                t.frame = delta;
                if (p.isVideo()) {
                    videoDeltaSum += delta;
                    videoDeltaCount++;
                }
            }
        }
        long out = in + t.offset;
        if (out < 0) out = 0; // a packet earlier than the first one of the recording
        if (t.lastOut != Long.MIN_VALUE && out <= t.lastOut) out = t.lastOut + 1;
        t.lastIn = in;
        t.lastOut = out;
        latestOut = Math.max(latestOut, out);
        if (p.isVideo()) {
            long pts = out + p.compositionTime();
            if (firstVideoPts == Long.MIN_VALUE) firstVideoPts = pts;
            latestVideoPts = Math.max(latestVideoPts, pts);
        }
        return out;
    }

    /** The new offset for a track whose input clock jumped at input dts {@code in}. */
    private long reanchor(MediaPacket p, TrackState t, long in) {
        if (!p.isVideo()) {
            long offset = pendingVideoOffset != Long.MIN_VALUE ? pendingVideoOffset : Math.max(latestOut, latestVideoPts) + t.frame - in;
            pendingVideoOffset = Long.MIN_VALUE;
            return Math.max(offset, t.lastOut + 1 - in);
        }
        int cts = p.compositionTime();
        long dts = Math.max(Math.max(latestOut, t.lastOut), latestVideoPts - cts) + t.frame;
        if (videoDeltaCount > 0 && firstVideoPts != Long.MIN_VALUE) { // next free slot on the frame grid
            double frame = videoDeltaSum / (double) videoDeltaCount;
            double slots = Math.ceil((dts + cts - firstVideoPts) / frame);
            long aligned = Math.round(firstVideoPts + slots * frame) - cts;
            if (aligned >= dts) dts = aligned;
        }
        pendingVideoOffset = dts - in;
        return dts - in;
    }

    /** What happened at the last packet; FORWARD/BACKWARD are discontinuities. */
    public Jump lastJump() { return lastJump; }

    public boolean lastWasDiscontinuity() {
        return lastJump == Jump.FORWARD || lastJump == Jump.BACKWARD;
    }
}
