package dev.liverec.record.session;

import dev.liverec.media.MediaPacket;

/**
 * Rebases publisher timestamps onto a file's timeline: one base for both tracks (so audio and video stay aligned
 * and start together), monotonic per track (small steps back are clamped forward by 1 ms), and a break in the
 * publisher's clock (a jump forward or back beyond the thresholds) is reported as {@link Verdict#JUMP}.
 */
final class Timeline {
    static final long MAX_BACKWARD_MS = 1_000;
    static final long MAX_FORWARD_GAP_MS = 10_000;
    private static final long NONE = Long.MIN_VALUE;

    enum Verdict { OK, DROP, JUMP }

    private long base;
    private long lastVideo = NONE;
    private long lastAudio = NONE;
    private long videoStep = 40;
    private long audioStep = 23;
    private long firstOut = NONE;
    private long outDts;
    private long outPts;

    /** The packet with input dts {@code inDts} becomes output time {@code outStart}. */
    void start(long inDts, long outStart) {
        base = inDts - outStart;
        lastVideo = NONE;
        lastAudio = NONE;
        firstOut = NONE;
    }

    /** After a jump: continue right after the latest output time, the packet at {@code inDts} following it. */
    void bridge(long inDts) {
        long end = end();
        base = inDts - end;
        lastVideo = lastVideo == NONE ? NONE : Math.min(lastVideo, end - 1);
        lastAudio = lastAudio == NONE ? NONE : Math.min(lastAudio, end - 1);
    }

    Verdict map(MediaPacket p) {
        long out = p.dts() - base;
        boolean video = p.isVideo();
        long last = video ? lastVideo : lastAudio;
        long ref = last != NONE ? last : Math.max(lastVideo, lastAudio);
        if (ref == NONE) {
            if (out < 0) return Verdict.DROP;
        } else if (out > ref + MAX_FORWARD_GAP_MS || out < ref - MAX_BACKWARD_MS) {
            return Verdict.JUMP;
        }
        if (last == NONE && out < 0) return Verdict.DROP; // the other track's start: nothing before the file start
        if (last != NONE && out <= last) out = last + 1;
        if (last != NONE) {
            long step = out - last;
            if (video) videoStep = step; else audioStep = step;
        }
        if (video) lastVideo = out; else lastAudio = out;
        if (firstOut == NONE) firstOut = out;
        outDts = out;
        outPts = out + Math.max(0, p.pts() - p.dts());
        return Verdict.OK;
    }

    long outDts() { return outDts; }

    /** Input dts = output dts + base. */
    long base() { return base; }
    long outPts() { return outPts; }

    /** Output time just past the last packet (last dts plus that track's frame step). */
    long end() {
        long v = lastVideo == NONE ? NONE : lastVideo + videoStep;
        long a = lastAudio == NONE ? NONE : lastAudio + audioStep;
        long e = Math.max(v, a);
        return e == NONE ? 0 : e;
    }

    long first() { return firstOut == NONE ? 0 : firstOut; }

    boolean started() { return firstOut != NONE; }
}
