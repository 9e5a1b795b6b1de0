package dev.liverec.record.session;

import dev.liverec.media.MediaPacket;

/**
 * Where a file (RecordInterval) or an HLS segment (target duration) may end: once at least the target has passed,
 * before the next video keyframe, or before the next audio frame when there is no video.
 */
public final class Segmenter {
    private final long targetMillis;
    private final boolean audioOnly;
    private long startOut;

    /** @param targetMillis 0 = never split */
    public Segmenter(long targetMillis, boolean audioOnly) {
        this.targetMillis = targetMillis;
        this.audioOnly = audioOnly;
    }

    public static boolean isCutPoint(MediaPacket p, boolean audioOnly) {
        return audioOnly ? p.isAudio() && !p.isSequenceHeader() : p.isVideo() && p.isKeyframe() && !p.isSequenceHeader();
    }

    /** A new part starts at {@code outDts}. */
    public void started(long outDts) {
        startOut = outDts;
    }

    /** Should the current part end before {@code p}, which would be written at {@code outDts}? */
    public boolean shouldCut(MediaPacket p, long outDts) {
        return targetMillis > 0 && outDts - startOut >= targetMillis && isCutPoint(p, audioOnly);
    }

    public long startOut() { return startOut; }
}
