package dev.liverec.record.output;

import dev.liverec.media.Codec;
import dev.liverec.media.MediaPacket;
import dev.liverec.media.codec.Mp3FrameHeader;

/**
 * The tracks a file starts with: the sequence headers (either may be null: video-only or audio-only) and, for MP3
 * audio, which has no sequence header, the header of its first frame (codec parameters: version, layer, rate,
 * channels). The packets are owned by the session; an output that keeps them beyond {@code open} retains them
 * itself.
 */
public record Tracks(MediaPacket videoHeader, MediaPacket audioHeader, Mp3FrameHeader mp3) {
    public Tracks {
        if (audioHeader != null && mp3 != null) throw new IllegalArgumentException("one audio track");
    }

    public Tracks(MediaPacket videoHeader, MediaPacket audioHeader) {
        this(videoHeader, audioHeader, null);
    }

    public boolean hasVideo() { return videoHeader != null; }
    public boolean hasAudio() { return audioHeader != null || mp3 != null; }
    public Codec videoCodec() { return videoHeader == null ? null : videoHeader.codec(); }
    public Codec audioCodec() { return audioHeader != null ? audioHeader.codec() : mp3 != null ? Codec.MP3 : null; }

    public Tracks audioOnly() { return new Tracks(null, audioHeader, mp3); }
}
