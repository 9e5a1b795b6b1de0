package dev.liverec.record.session;

import dev.liverec.media.MediaPacket;

/**
 * Where RecordInterval may end a file: once at least the interval has passed, before the next video keyframe, or
 * before the next audio frame of an audio-only file. (HLS segments are cut by {@code media.hls.HlsSegmenter}.)
 */
final class IntervalCut {
    private final long targetMillis;
    private final boolean audioOnly;
    private long startOut;

    /** @param targetMillis 0 = never split */
    IntervalCut(long targetMillis, boolean audioOnly) {
        this.targetMillis = targetMillis;
        this.audioOnly = audioOnly;
    }

    static boolean isCutPoint(MediaPacket p, boolean audioOnly) {
        return audioOnly ? p.isAudio() && !p.isSequenceHeader() : p.isVideo() && p.isKeyframe() && !p.isSequenceHeader();
    }

    /** A new part starts at {@code outDts}. */
    void started(long outDts) {
        startOut = outDts;
    }

    /** Should the current part end before {@code p}, which would be written at {@code outDts}? */
    boolean shouldCut(MediaPacket p, long outDts) {
        return targetMillis > 0 && outDts - startOut >= targetMillis && isCutPoint(p, audioOnly);
    }
}
