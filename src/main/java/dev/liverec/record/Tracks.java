package dev.liverec.record;

import dev.liverec.media.Codec;
import dev.liverec.media.MediaPacket;

/**
 * The sequence headers a file starts with (either may be null: video-only or audio-only). The packets are owned by
 * the session; an output that keeps them beyond {@code open} retains them itself.
 */
public record Tracks(MediaPacket videoHeader, MediaPacket audioHeader) {
    public boolean hasVideo() { return videoHeader != null; }
    public boolean hasAudio() { return audioHeader != null; }
    public Codec videoCodec() { return videoHeader == null ? null : videoHeader.codec(); }
    public Codec audioCodec() { return audioHeader == null ? null : audioHeader.codec(); }

    public Tracks audioOnly() { return new Tracks(null, audioHeader); }
}
