package dev.liverec.media;

/**
 * Maps publisher timestamps onto one recording timeline: the first packet is at 0, each track stays monotonic,
 * and jumps are repaired and reported so the session can split the file or mark an HLS discontinuity.
 *
 * <ul>
 *   <li>32-bit wrap-around (a dts about 2^32 ms behind the last one): unwrapped, timeline continuous
 *       ({@link Jump#WRAP}).</li>
 *   <li>A forward gap above {@code forwardGapMs} or a backward step beyond {@code backwardToleranceMs}
 *       (publisher restarted its clock): the track is re-anchored one frame after the latest time written on
 *       any track, so the timeline stays continuous and A/V stay together ({@link Jump#FORWARD},
 *       {@link Jump#BACKWARD}: a discontinuity).</li>
 *   <li>Smaller backward steps (jitter) are clamped to 1 ms after the track's previous dts.</li>
 * </ul>
 * Each track keeps its own offset; pts keeps its composition offset to dts. One instance per recording,
 * confined to its event loop.
 */
public final class TimestampRebaser {
    public enum Jump { NONE, WRAP, FORWARD, BACKWARD }

    private static final long WRAP = 1L << 32;
    private final long forwardGapMs;
    private final long backwardToleranceMs;
    private final TrackState video = new TrackState(), audio = new TrackState();
    private long origin = Long.MIN_VALUE;
    private long latestOut = Long.MIN_VALUE;
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
                t.offset = Math.max(latestOut, t.lastOut) + t.frame - in;
            } else if (delta > 0 && delta < 1000) {
                t.frame = delta;
            }
        }
        long out = in + t.offset;
        if (out < 0) out = 0; // a packet earlier than the first one of the recording
        if (t.lastOut != Long.MIN_VALUE && out <= t.lastOut) out = t.lastOut + 1;
        t.lastIn = in;
        t.lastOut = out;
        latestOut = Math.max(latestOut, out);
        return out;
    }

    /** What happened at the last packet; FORWARD/BACKWARD are discontinuities. */
    public Jump lastJump() { return lastJump; }

    public boolean lastWasDiscontinuity() {
        return lastJump == Jump.FORWARD || lastJump == Jump.BACKWARD;
    }
}
