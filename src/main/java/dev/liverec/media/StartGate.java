package dev.liverec.media;

/**
 * Decides which packets a new file may start with, the same way for every container: sequence headers always;
 * video from the first keyframe after its sequence header; AAC only after its AudioSpecificConfig; and, when the
 * file has video, audio only from the first frame presented at or after the first video frame. The last rule
 * aligns the A/V start (first audio pts within one audio frame after the first video pts) and makes the video
 * track define the file's start time, which keeps players and {@code ffmpeg} from seeing a sub-frame offset.
 */
public final class StartGate {
    private final boolean hasVideo;
    private final boolean hasAudio;
    private boolean videoHeader;
    private boolean audioHeader;
    private boolean videoStarted;
    private boolean audioStarted;
    private long firstVideoPts = Long.MIN_VALUE;
    private long dropped;

    public StartGate(boolean hasVideo, boolean hasAudio) {
        this.hasVideo = hasVideo;
        this.hasAudio = hasAudio;
    }

    /** Whether to write {@code p}. Packets of a track the file does not have are refused. */
    public boolean accept(MediaPacket p) {
        return accept(p, p.pts());
    }

    /** {@link #accept(MediaPacket)} with the packet's pts replaced (rebased timestamps). */
    public boolean accept(MediaPacket p, long pts) {
        if (p.isVideo() ? !hasVideo : !hasAudio) return false;
        if (p.isSequenceHeader()) {
            if (p.isVideo()) videoHeader = true;
            else audioHeader = true;
            return true;
        }
        if (p.isVideo()) {
            if (!videoStarted) {
                if (!videoHeader || !p.isKeyframe()) return drop();
                videoStarted = true;
                firstVideoPts = pts;
            }
            return true;
        }
        if (p.codec() == Codec.AAC && !audioHeader) return drop();
        if (hasVideo && (!videoStarted || pts < firstVideoPts)) return drop();
        audioStarted = true;
        return true;
    }

    private boolean drop() {
        dropped++;
        return false;
    }

    /** Whether a frame (not just headers) has been accepted. */
    public boolean started() {
        return hasVideo ? videoStarted : audioStarted;
    }

    public boolean videoStarted() { return videoStarted; }
    /** pts of the first video frame accepted, or Long.MIN_VALUE. */
    public long firstVideoPts() { return firstVideoPts; }
    /** Packets refused so far (frames before their start). */
    public long dropped() { return dropped; }
}
