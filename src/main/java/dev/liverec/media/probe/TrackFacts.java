package dev.liverec.media.probe;

import dev.liverec.media.Codec;

/**
 * What a finished file carries, read back from its own sequence headers: the codecs (null = no such track) and the
 * cropped picture size of the video (0 when unknown or audio-only).
 */
public record TrackFacts(Codec video, Codec audio, int width, int height) {
    public static final TrackFacts NONE = new TrackFacts(null, null, 0, 0);

    public String videoCodec() { return video == null ? null : video.shortName(); }
    public String audioCodec() { return audio == null ? null : audio.shortName(); }

    TrackFacts withVideo(Codec c, int w, int h) { return new TrackFacts(c, audio, w, h); }
    TrackFacts withAudio(Codec c) { return new TrackFacts(video, c, width, height); }
}
