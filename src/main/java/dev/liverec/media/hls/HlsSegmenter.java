package dev.liverec.media.hls;

import dev.liverec.media.MediaPacket;

/**
 * Where HLS segments end, so that {@code EXT-X-TARGETDURATION} can be the configured target from the first
 * playlist on and stay true (RFC 8216 §4.3.3.1: every EXTINF rounded to the nearest integer ≤ target).
 *
 * <p>Policy, with T the target and L = T + 0.499 s the longest segment that still rounds to T:
 * <ul>
 *   <li>cut at a video keyframe once the segment reached T, or earlier when waiting for the next keyframe
 *       (one more GOP, measured from the last two keyframes) would pass L;</li>
 *   <li>if no keyframe comes in time (GOP longer than the target: a misconfigured encoder), cut at the frame
 *       that would pass L — a {@link Cut#FORCED} cut; the segment then starts with a non-key frame, which
 *       players decode with the previous segment;</li>
 *   <li>audio-only: cut at the first audio frame at or past T.</li>
 * </ul>
 * Feed every frame in dts order (sequence headers are ignored); audio frames never cut when there is video, and
 * with video the first segment (and the first after {@link #cut()}) starts at a keyframe, as the writers do.
 */
public final class HlsSegmenter {
    public enum Cut { NONE, KEYFRAME, FORCED }

    private final long targetMs;
    private final long limitMs;
    private final boolean hasVideo;
    private long start = Long.MIN_VALUE;
    private long lastKey = Long.MIN_VALUE;
    private long gop;
    private long lastDts = Long.MIN_VALUE;
    private long frameMs;
    private long lastSegmentMs;

    public HlsSegmenter(int targetSeconds, boolean hasVideo) {
        if (targetSeconds < 1) throw new IllegalArgumentException("target < 1 s");
        this.targetMs = targetSeconds * 1000L;
        this.limitMs = targetMs + 499;
        this.hasVideo = hasVideo;
    }

    /** Whether {@code p} starts a new segment. When it does, {@link #lastSegmentMs()} is the finished one's length. */
    public Cut next(MediaPacket p) {
        return next(p, p.dts());
    }

    /** {@link #next(MediaPacket)} with the packet's dts replaced (rebased timestamps). */
    public Cut next(MediaPacket p, long dts) {
        if (p.isSequenceHeader() || p.isVideo() != hasVideo) return Cut.NONE;
        if (lastDts != Long.MIN_VALUE && dts > lastDts) frameMs = dts - lastDts;
        lastDts = Math.max(dts, lastDts);
        if (start == Long.MIN_VALUE) {
            if (hasVideo && !p.isKeyframe()) return Cut.NONE; // like StartGate: a segment starts on a keyframe
            start = dts;
            if (p.isKeyframe()) lastKey = dts;
            return Cut.NONE;
        }
        long elapsed = dts - start;
        Cut cut = Cut.NONE;
        if (!hasVideo) {
            if (elapsed >= targetMs) cut = Cut.KEYFRAME;
        } else if (p.isKeyframe()) {
            if (lastKey != Long.MIN_VALUE && dts > lastKey) gop = dts - lastKey;
            lastKey = dts;
            if (elapsed >= targetMs || elapsed + gop > limitMs) cut = Cut.KEYFRAME;
        } else if (elapsed + frameMs > limitMs) {
            cut = Cut.FORCED;
        }
        if (cut != Cut.NONE && elapsed > 0) {
            lastSegmentMs = elapsed;
            start = dts;
            return cut;
        }
        return Cut.NONE;
    }

    /**
     * Ends the current segment now (a discontinuity, a stop): returns its length up to the end of its last
     * frame; the next frame starts a new segment. Keyframe interval knowledge is kept.
     */
    public long cut() {
        long len = currentSegmentMs();
        start = Long.MIN_VALUE;
        lastDts = Long.MIN_VALUE;
        lastKey = Long.MIN_VALUE;
        lastSegmentMs = len;
        return len;
    }

    /** Length of the segment finished by the last cut. */
    public long lastSegmentMs() { return lastSegmentMs; }

    /** Length of the current segment if it ended now (after its last frame's duration). */
    public long currentSegmentMs() {
        return start == Long.MIN_VALUE ? 0 : Math.min(lastDts - start + frameMs, limitMs);
    }

    /** dts (ms) of the current segment's first frame. */
    public long segmentStart() { return start; }

    public int targetSeconds() { return (int) (targetMs / 1000); }
}
