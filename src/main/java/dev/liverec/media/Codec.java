package dev.liverec.media;

/** Codecs liverec ingests and remuxes. */
public enum Codec {
    H264(TrackType.VIDEO, "h264"),
    HEVC(TrackType.VIDEO, "hevc"),
    AV1(TrackType.VIDEO, "av1"),
    AAC(TrackType.AUDIO, "aac"),
    MP3(TrackType.AUDIO, "mp3");

    private final TrackType track;
    private final String shortName;

    Codec(TrackType track, String shortName) {
        this.track = track;
        this.shortName = shortName;
    }

    public TrackType track() { return track; }

    /** Name as ffprobe prints it ({@code codec_name}). */
    public String shortName() { return shortName; }
}
