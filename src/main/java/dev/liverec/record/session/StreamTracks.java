package dev.liverec.record.session;

import dev.liverec.media.MediaFormatException;
import dev.liverec.media.MediaPacket;
import dev.liverec.media.codec.Mp3FrameHeader;
import dev.liverec.record.output.Tracks;
import io.netty.buffer.ByteBufUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stream's track configuration as one session sees it: the video and audio sequence headers (retained here) and,
 * for MP3 audio, which has no sequence header, the format of its latest frame. Tells the session when a track's
 * configuration changes: a new sequence header, AAC ↔ MP3, or another MP3 version, layer, rate or channel count.
 * Confined to the stream's event loop.
 */
final class StreamTracks {
    private static final Logger LOG = LoggerFactory.getLogger(StreamTracks.class);

    /** What a packet did to the configuration. */
    enum Change { NONE, CHANGED, UNREADABLE }

    private final Object owner;
    private MediaPacket videoHeader;
    private MediaPacket audioHeader;
    /** The stream's MP3 format (from the latest frame) while its audio is MP3, else null; excludes audioHeader. */
    private Mp3FrameHeader mp3;
    /** The header bits that define {@link #mp3}: sync, version, layer, rate index, mono. */
    private int mp3Key;
    private boolean mp3Unreadable;

    /** @param owner names the session in log lines */
    StreamTracks(Object owner) {
        this.owner = owner;
    }

    /** A sequence header: CHANGED when it replaces another configuration of its track (the first one is no change). */
    Change header(MediaPacket p) {
        MediaPacket old = p.isVideo() ? videoHeader : audioHeader;
        if (old != null && ByteBufUtil.equals(old.payload(), p.payload())) return Change.NONE;
        boolean fromMp3 = p.isAudio() && mp3 != null;
        if (p.isVideo()) {
            videoHeader = p.retain();
        } else {
            audioHeader = p.retain();
            mp3 = null;
            mp3Key = 0;
        }
        if (old != null) old.release();
        return old != null || fromMp3 ? Change.CHANGED : Change.NONE;
    }

    /**
     * Learns the MP3 format from a frame's header; a new format after another audio format (AAC, or MP3 with other
     * parameters) is a change. UNREADABLE: drop the frame.
     */
    Change mp3Frame(MediaPacket p) {
        var b = p.payload();
        if (b.readableBytes() < 4) return unreadable(p, "frame too short");
        int h = b.getInt(b.readerIndex());
        int key = (h & 0xFFFE0C00) | (((h >> 6) & 3) == 3 ? 1 : 0);
        if (key == mp3Key) return Change.NONE;
        Mp3FrameHeader parsed;
        try {
            parsed = Mp3FrameHeader.parse(h);
        } catch (MediaFormatException e) {
            return unreadable(p, e.getMessage());
        }
        boolean change = mp3 != null || audioHeader != null;
        mp3 = parsed;
        mp3Key = key;
        if (audioHeader != null) {
            audioHeader.release();
            audioHeader = null;
        }
        return change ? Change.CHANGED : Change.NONE;
    }

    private Change unreadable(MediaPacket p, String why) {
        if (!mp3Unreadable) {
            mp3Unreadable = true;
            LOG.warn("{}: MP3 frame dropped ({}): {}", owner, why, p);
        }
        return Change.UNREADABLE;
    }

    boolean hasVideoHeader() { return videoHeader != null; }
    boolean hasAudioHeader() { return audioHeader != null; }
    boolean audioKnown() { return audioHeader != null || mp3 != null; }

    /** The tracks a file opened now starts with (owned here: an output keeping them retains them). */
    Tracks current(boolean audioOnly) {
        return new Tracks(audioOnly ? null : videoHeader, audioHeader, mp3);
    }

    void release() {
        MediaPacket.safeRelease(videoHeader);
        MediaPacket.safeRelease(audioHeader);
        videoHeader = null;
        audioHeader = null;
        mp3 = null;
    }
}
